// Keeps the test target buildable while it has no other file.
import Testing
