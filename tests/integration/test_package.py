"""`cmake --install` and the Debian package: what a user who installs preview gets.

Builds the .deb from this build directory with cpack, then checks its control fields and files
and uses the unpacked tree the way the shells and man do. Nothing is installed on the system.
"""

import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

BUILD = os.environ.get("PREVIEW_BUILD_DIR", "")


def run(*argv, **kwargs):
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=300, **kwargs)


@unittest.skipUnless(BUILD and Path(BUILD, "CPackConfig.cmake").exists(),
                     "PREVIEW_BUILD_DIR with CPackConfig.cmake is not set (run via ctest)")
class DebianPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("dpkg-deb") or not shutil.which("dpkg-shlibdeps"):
            raise unittest.SkipTest("dpkg-dev is not installed")
        cls.tmp = Path(tempfile.mkdtemp(prefix="preview-deb-"))
        proc = run("cpack", "-G", "DEB", "--config", str(Path(BUILD, "CPackConfig.cmake")),
                   "-B", str(cls.tmp))
        if proc.returncode != 0:
            raise AssertionError(f"cpack failed:\n{proc.stdout}\n{proc.stderr}")
        debs = list(cls.tmp.glob("preview_*.deb"))
        assert len(debs) == 1, debs
        cls.deb = debs[0]
        cls.root = cls.tmp / "root"
        subprocess.run(["dpkg-deb", "-x", str(cls.deb), str(cls.root)], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def field(self, name):
        return run("dpkg-deb", "-f", str(self.deb), name).stdout.strip()

    def test_control_fields(self):
        self.assertEqual(self.field("Package"), "preview")
        self.assertRegex(self.field("Version"), r"^\d+\.\d+\.\d+")
        depends = self.field("Depends")
        for library in ("libcurl", "libyaml-cpp", "libfmt", "libstdc++6", "libc6"):
            self.assertIn(library, depends)
        self.assertIn("ca-certificates", depends)
        self.assertIn("bash-completion", self.field("Recommends"))

    def test_files_where_each_tool_looks(self):
        listing = run("dpkg-deb", "-c", str(self.deb)).stdout
        for path in ("./usr/bin/preview", "./usr/share/man/man1/preview.1.gz",
                     "./usr/share/bash-completion/completions/preview",
                     "./usr/share/zsh/vendor-completions/_preview",
                     "./usr/share/fish/vendor_completions.d/preview.fish",
                     "./usr/share/doc/preview/copyright"):
            self.assertIn(path, listing)

    def test_the_installed_binary_runs(self):
        proc = run(str(self.root / "usr/bin/preview"), "version", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('"libcurl"', proc.stdout)
        self.assertNotIn("debug_info", run("file", str(self.root / "usr/bin/preview")).stdout
                         if shutil.which("file") else "")

    def test_man_page_renders(self):
        if not shutil.which("groff"):
            self.skipTest("groff is not installed")
        page = subprocess.run(["gzip", "-dc", str(self.root / "usr/share/man/man1/preview.1.gz")],
                              capture_output=True, check=True).stdout
        proc = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-P-cbou"], input=page,
                              capture_output=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        text = proc.stdout.decode()
        self.assertIn("preview list", text)
        self.assertIn("EXIT STATUS", text)

    def test_bash_loads_the_installed_completion(self):
        script = self.root / "usr/share/bash-completion/completions/preview"
        proc = run("bash", "--norc", "-c", f"source {script} && complete -p preview")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("preview", proc.stdout)

    def test_zsh_finds_the_installed_completion_on_its_fpath(self):
        if not shutil.which("zsh"):
            self.skipTest("zsh is not installed")
        functions = self.root / "usr/share/zsh/vendor-completions"
        proc = run("zsh", "-f", "-c", f"fpath=({functions} $fpath); autoload -U compinit; "
                   "compinit -u -D; print -r -- $_comps[preview]")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), "_preview")

    def test_fish_completes_commands_from_the_installed_script(self):
        if not shutil.which("fish"):
            self.skipTest("fish is not installed")
        script = self.root / "usr/share/fish/vendor_completions.d/preview.fish"
        proc = run("fish", "--no-config", "-c", f"source {script}; complete -C 'preview sta'")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("status", proc.stdout)


class InstallTree(unittest.TestCase):
    @unittest.skipUnless(BUILD, "PREVIEW_BUILD_DIR is not set (run via ctest)")
    def test_cmake_install_to_a_prefix(self):
        with tempfile.TemporaryDirectory() as prefix:
            proc = run("cmake", "--install", BUILD, "--prefix", prefix)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            for path in ("bin/preview", "share/man/man1/preview.1.gz",
                         "share/bash-completion/completions/preview",
                         "share/zsh/site-functions/_preview",
                         "share/fish/vendor_completions.d/preview.fish"):
                self.assertTrue(Path(prefix, path).exists(), path)


if __name__ == "__main__":
    unittest.main()
