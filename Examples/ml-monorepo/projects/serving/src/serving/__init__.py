def main() -> None:
    print("Hello from serving!")
