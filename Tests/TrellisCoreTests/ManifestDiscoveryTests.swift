import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// Discovery lists the legacy and auxiliary manifest kinds, through git and through the walk alike.
@Suite struct ManifestDiscoveryTests {
    let files = [
        "libs/a/pyproject.toml": "[project]\nname = \"a\"\nversion = \"1\"\n",
        "libs/a/hatch.toml": "[envs.default]\n",
        "libs/a/requirements-dev.txt": "pytest\n",
        "libs/a/REQUIREMENTS.txt": "requests\n",
        "libs/a/constraints.txt": "urllib3<3\n",
        "libs/legacy/setup.cfg": "[metadata]\nname = legacy\n",
        "libs/old/setup.py": "",
        "libs/old/dev_requirements.txt": "-e ../a\n",
        // Not read: not a manifest name, or inside a skipped folder.
        "libs/a/notes.txt": "",
        "libs/a/requirements.in": "",
        "libs/a/.venv/requirements.txt": "",
        "libs/a/build/setup.py": "",
    ]
    let expected = [
        "libs/a/REQUIREMENTS.txt", "libs/a/constraints.txt", "libs/a/hatch.toml", "libs/a/pyproject.toml",
        "libs/a/requirements-dev.txt", "libs/legacy/setup.cfg", "libs/old/dev_requirements.txt", "libs/old/setup.py",
    ]

    @Test func gitAndWalkFindTheSameNewKinds() throws {
        let repository = try TemporaryRepository(files)
        #expect(try ManifestDiscovery(root: repository.root, useGit: false).files() == expected)
        try repository.commitAll()
        #expect(try ManifestDiscovery(root: repository.root, useGit: true).files() == expected)
        // An untracked requirements file is found too (git --others).
        try repository.write(["libs/legacy/requirements.txt": "-e ../a\n"])
        #expect(try ManifestDiscovery(root: repository.root, useGit: true).files().contains("libs/legacy/requirements.txt"))
    }

    @Test func aScanOfTheNewKindsGivesLegacyModulesAndTheirEdges() throws {
        let repository = try TemporaryRepository(files)
        try repository.commitAll()
        let snapshot = try RepositoryScanner(root: repository.root).scan().snapshot
        #expect(snapshot.moduleNames == ["a", "legacy", "old"])
        #expect(snapshot.edgeLines == ["old → a dev_requirements editable libs/old/dev_requirements.txt:1 path"])
    }
}
