//! Working in git with others: the real `git` in temporary repositories (no system or user
//! configuration, a fixed author), `okr setup-git` in each clone, and merges, rebases,
//! cherry-picks and pulls of okrs.json between branches and clones.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use similar_asserts::assert_eq;
use tempfile::TempDir;

use crate::harness::TODAY;

/// A scratch place for repositories, with an empty home so no user configuration applies.
struct Place {
    root: TempDir,
}

/// One clone (one person's machine, or a CI job).
struct Clone {
    dir: PathBuf,
    home: PathBuf,
    /// Each clone draws its own ids, as separate machines do.
    seed: u64,
}

fn git_command(dir: &Path, home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("HOME", home)
        .env("GIT_AUTHOR_NAME", "Test Marketer")
        .env("GIT_AUTHOR_EMAIL", "marketer@example.com")
        .env("GIT_COMMITTER_NAME", "Test Marketer")
        .env("GIT_COMMITTER_EMAIL", "marketer@example.com")
        .env("GIT_AUTHOR_DATE", "2026-11-23T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-23T12:00:00Z")
        .env("GIT_EDITOR", "true")
        .env("OKR_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("OKR_FILE")
        .env_remove("OKR_ID_SEED");
    cmd
}

impl Place {
    fn new() -> Place {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join("home")).expect("home");
        Place { root }
    }

    fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    /// A new repository `name` with `okr init`, `okr setup-git` and a first commit.
    fn repo(&self, name: &str) -> Clone {
        let dir = self.root.path().join(name);
        std::fs::create_dir(&dir).expect("repo dir");
        let clone = Clone {
            dir,
            home: self.home(),
            seed: 1,
        };
        clone.git(&["init", "-q", "-b", "main"]);
        clone.ok(&["init"]);
        clone.ok(&["setup-git"]);
        clone.commit("start");
        clone
    }

    /// A bare repository to push to, as a team's remote.
    fn bare(&self, name: &str) -> PathBuf {
        let dir = self.root.path().join(name);
        let out = git_command(
            self.root.path(),
            &self.home(),
            &["init", "-q", "--bare", "-b", "main", name],
        )
        .output()
        .expect("git");
        assert!(out.status.success());
        dir
    }

    /// A clone of `remote` as `name`, set up for okr, drawing ids from `seed`.
    fn clone(&self, remote: &Path, name: &str, seed: u64) -> Clone {
        let out = git_command(
            self.root.path(),
            &self.home(),
            &["clone", "-q", &remote.display().to_string(), name],
        )
        .output()
        .expect("git clone");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let clone = Clone {
            dir: self.root.path().join(name),
            home: self.home(),
            seed,
        };
        clone.ok(&["setup-git"]);
        clone
    }
}

impl Clone {
    /// The same work tree, with okr drawing ids as another machine would.
    fn on_another_machine(&self, seed: u64) -> Clone {
        Clone {
            dir: self.dir.clone(),
            home: self.home.clone(),
            seed,
        }
    }

    fn run_git(&self, args: &[&str]) -> (bool, String) {
        let out = git_command(&self.dir, &self.home, args)
            .output()
            .expect("run git");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }

    fn git(&self, args: &[&str]) -> String {
        let (ok, text) = self.run_git(args);
        assert!(ok, "git {args:?} failed:\n{text}");
        text
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs `work` on a new branch `name` made from the current one, commits it with
    /// `message`, and comes back to `main`.
    fn on_branch<T>(&self, name: &str, message: &str, work: impl FnOnce() -> T) -> T {
        self.git(&["checkout", "-q", "-b", name]);
        let made = work();
        self.commit(message);
        self.git(&["checkout", "-q", "main"]);
        made
    }

    fn okr(&self, args: &[&str]) -> std::process::Output {
        crate::harness::okr()
            .current_dir(&self.dir)
            .env("OKR_ID_SEED", self.seed.to_string())
            .env("COLUMNS", "200")
            .args(args)
            .output()
            .expect("run okr")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.okr(args);
        assert!(
            out.status.success(),
            "okr {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .trim_end()
            .to_string()
    }

    fn json(&self) -> Value {
        let text = std::fs::read_to_string(self.dir.join("okrs.json")).expect("read okrs.json");
        assert!(!text.contains("<<<<<<<"), "conflict markers in okrs.json");
        serde_json::from_str(&text).expect("okrs.json is JSON")
    }

    /// Every id in the file, objectives and key results.
    fn ids(&self) -> Vec<String> {
        let file = self.json();
        let mut ids = Vec::new();
        for o in file["objectives"].as_array().unwrap() {
            ids.push(o["id"].as_str().unwrap().to_string());
            for kr in o["key_results"].as_array().unwrap() {
                ids.push(kr["id"].as_str().unwrap().to_string());
            }
        }
        ids
    }

    /// The values of the check-ins of key result `kr`, oldest first.
    fn values(&self, kr: &str) -> Vec<f64> {
        let file = self.json();
        file["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|o| o["key_results"].as_array().unwrap())
            .find(|k| k["id"] == kr)
            .map(|k| {
                k["checkins"]
                    .as_array()
                    .map(|c| c.iter().map(|c| c["value"].as_f64().unwrap()).collect())
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }
}

/// The base of the issue's scenario: one company objective with two key results, chosen ids.
fn company(repo: &Clone) {
    repo.ok(&[
        "add",
        "objective",
        "Be known for great coffee",
        "--id",
        "o1",
    ]);
    repo.ok(&[
        "add",
        "kr",
        "o1",
        "Organic visitors",
        "--start",
        "1000",
        "--target",
        "2000",
        "--id",
        "kr1",
    ]);
    repo.ok(&[
        "add",
        "kr",
        "o1",
        "Newsletter subscribers",
        "--target",
        "500",
        "--id",
        "kr2",
    ]);
    repo.commit("company OKRs");
}

#[test]
fn two_branches_that_add_objectives_and_checkins_merge_cleanly() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    let (content, content_kr) = repo.on_branch("content", "content", || {
        let content = repo.ok(&[
            "add",
            "objective",
            "Win search",
            "--team",
            "content",
            "--aligns",
            "kr1",
        ]);
        let content_kr = repo.ok(&[
            "add",
            "kr",
            &content,
            "Guides in the top 3",
            "--target",
            "10",
        ]);
        repo.ok(&["progress", "kr1", "1200", "--date", "2026-11-20"]);
        (content, content_kr)
    });
    let (social, social_kr) = repo.on_branch("social", "social", || {
        // Another machine: another seed, another id.
        let social_clone = repo.on_another_machine(2);
        let social = social_clone.ok(&[
            "add",
            "objective",
            "Grow a community",
            "--team",
            "social",
            "--aligns",
            "kr1",
        ]);
        let social_kr = social_clone.ok(&[
            "add",
            "kr",
            &social,
            "Instagram followers",
            "--target",
            "900",
        ]);
        social_clone.ok(&["progress", "kr1", "1300", "--date", "2026-11-21"]);
        (social, social_kr)
    });
    repo.git(&["merge", "-q", "--no-edit", "content"]);
    let (clean, output) = repo.run_git(&["merge", "--no-edit", "social"]);
    assert!(clean, "git merge reported a conflict:\n{output}");
    let ids = repo.ids();
    for id in [
        "o1",
        "kr1",
        "kr2",
        &content,
        &content_kr,
        &social,
        &social_kr,
    ] {
        assert_eq!(
            ids.iter().filter(|i| *i == id).count(),
            1,
            "{id} once in {ids:?}"
        );
    }
    assert_eq!(repo.values("kr1"), [1200.0, 1300.0]);
    // The merged file loads and passes every rule but the two key results each team owes.
    let out = repo.okr(&["check", "--json"]);
    let check: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = check["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["min-krs", "min-krs"]);
}

#[test]
fn the_same_field_changed_twice_is_a_conflict_inside_a_valid_file() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.on_branch("ana", "ana", || {
        repo.ok(&["edit", "kr1", "--target", "2500"]);
        repo.ok(&["edit", "kr2", "--title", "Newsletter readers"]);
    });
    repo.ok(&["edit", "kr1", "--target", "3000"]);
    repo.ok(&["edit", "kr1", "--unit", "visitors"]);
    repo.commit("main");
    let (clean, output) = repo.run_git(&["merge", "--no-edit", "ana"]);
    assert!(!clean, "git should report the conflict:\n{output}");
    assert!(
        output.contains("okr merge: okrs.json: kr1: merge conflict in `target`: base 2000, ours 3000, theirs 2500"),
        "{output}"
    );
    // No markers: the file loads, and holds ours until resolved, with both values recorded.
    let file = repo.json();
    assert_eq!(file["objectives"][0]["key_results"][0]["target"], 3000);
    assert_eq!(file["objectives"][0]["key_results"][0]["unit"], "visitors");
    assert_eq!(
        file["objectives"][0]["key_results"][1]["title"],
        "Newsletter readers"
    );
    assert_eq!(
        file["conflicts"],
        json!([{"of": "key-result", "id": "kr1", "field": "target", "base": 2000, "ours": 3000, "theirs": 2500}])
    );
    // status marks it, check fails on it, resolve settles it.
    let status = repo.ok(&["status"]);
    assert!(
        status
            .lines()
            .any(|l| l.starts_with("kr1") && l.ends_with("conflict")),
        "{status}"
    );
    let out = repo.okr(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "kr1: merge conflict in `target`: base 2000, ours 3000, theirs 2500; keep one side with `okr resolve kr1 --ours` or `--theirs`, or set it again with `okr edit` [merge-conflict]"
    ));
    assert_eq!(
        repo.ok(&["resolve", "kr1", "--theirs"]),
        "resolved kr1: kept theirs for target"
    );
    assert_eq!(
        repo.json()["objectives"][0]["key_results"][0]["target"],
        2500
    );
    assert_eq!(repo.json().get("conflicts"), None);
    assert_eq!(repo.ok(&["check"]), "okrs.json: no problems");
    repo.commit("merge ana");
}

#[test]
fn editing_the_field_again_settles_a_conflict() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.on_branch("other", "other", || {
        repo.ok(&["edit", "o1", "--title", "Be loved for great coffee"]);
    });
    repo.ok(&["edit", "o1", "--title", "Be famous for great coffee"]);
    repo.commit("main");
    assert!(!repo.run_git(&["merge", "--no-edit", "other"]).0);
    assert_eq!(repo.json()["conflicts"][0]["field"], "title");
    repo.ok(&[
        "edit",
        "o1",
        "--title",
        "Be known and loved for great coffee",
    ]);
    assert_eq!(repo.json().get("conflicts"), None);
    assert_eq!(repo.ok(&["check"]), "okrs.json: no problems");
}

#[test]
fn a_deletion_against_a_change_keeps_the_change_until_resolved() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.on_branch("cleanup", "drop kr2", || {
        repo.ok(&["rm", "kr2"]);
    });
    repo.ok(&["progress", "kr2", "120"]);
    repo.commit("check-in");
    assert!(!repo.run_git(&["merge", "--no-edit", "cleanup"]).0);
    assert_eq!(repo.values("kr2"), [120.0], "nothing is lost");
    assert_eq!(
        repo.json()["conflicts"],
        json!([{"of": "key-result", "id": "kr2", "field": "deleted", "base": false, "ours": false, "theirs": true}])
    );
    let out = repo.okr(&["check"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "kr2: merge conflict: deleted on theirs, changed on ours; the changed version is kept"
    ));
    // Their side wins: the key result goes.
    repo.ok(&["resolve", "kr2", "--theirs"]);
    assert!(!repo.ids().contains(&"kr2".to_string()));
    // A deletion of something nobody changed is simply taken.
    repo.commit("merge cleanup");
    repo.on_branch("tidy", "tidy", || {
        repo.ok(&["rm", "kr1"]);
    });
    repo.ok(&["edit", "o1", "--description", "The brand"]);
    repo.commit("describe");
    assert!(repo.run_git(&["merge", "--no-edit", "tidy"]).0);
    assert_eq!(repo.ids(), ["o1"]);
}

#[test]
fn check_ins_and_kpi_values_from_both_sides_are_all_kept_once() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.ok(&["kpi", "add", "visitors"]);
    repo.ok(&["edit", "kr1", "--kpi", "visitors"]);
    repo.ok(&["progress", "kr2", "100", "--date", "2026-11-01"]);
    repo.commit("kpi");
    repo.on_branch("a", "a", || {
        repo.ok(&["kpi", "record", "visitors", "1300", "--date", "2026-11-20"]);
        repo.ok(&["progress", "kr2", "200", "--date", "2026-11-20"]);
        repo.ok(&["progress", "kr2", "250", "--date", "2026-11-22"]);
    });
    repo.ok(&["kpi", "record", "visitors", "1250", "--date", "2026-11-19"]);
    // The same check-in on the same day on both sides is one measurement.
    repo.ok(&["progress", "kr2", "200", "--date", "2026-11-20"]);
    repo.ok(&["progress", "kr2", "220", "--date", "2026-11-21"]);
    repo.commit("main");
    let (clean, output) = repo.run_git(&["merge", "--no-edit", "a"]);
    assert!(clean, "{output}");
    assert_eq!(repo.values("kr2"), [100.0, 200.0, 220.0, 250.0]);
    assert_eq!(repo.values("kr1"), [1250.0, 1300.0]);
    let kpi = &repo.json()["kpis"][0];
    assert_eq!(kpi["records"].as_array().unwrap().len(), 2);
}

/// A period closed on one branch while another adds a check-in within it: the close wins for
/// the grade (it was recorded when the period closed), and the check-in is kept in the
/// history, so nothing is lost. `okr close --reopen` and `okr close` again would regrade.
#[test]
fn a_close_on_one_side_and_a_checkin_on_the_other_both_stay() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.on_branch("late", "late check-in", || {
        repo.ok(&["progress", "kr1", "1900", "--date", "2026-11-22"]);
    });
    repo.ok(&["close", "2026-Q4", "--early"]);
    repo.commit("close");
    assert!(repo.run_git(&["merge", "--no-edit", "late"]).0);
    let file = repo.json();
    assert_eq!(file["closed"], json!(["2026-Q4"]));
    assert_eq!(file["objectives"][0]["closed"]["grade"], "red");
    assert_eq!(repo.values("kr1"), [1900.0]);
}

#[test]
fn three_branches_merge_one_after_another() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    let mut added = Vec::new();
    for (n, team) in ["content", "social", "growth"].into_iter().enumerate() {
        repo.git(&["checkout", "-q", "-b", team, "main"]);
        let person = repo.on_another_machine(10 + n as u64);
        let id = person.ok(&[
            "add",
            "objective",
            &format!("{team} goal"),
            "--team",
            team,
            "--aligns",
            "kr2",
        ]);
        person.ok(&["progress", "kr2", &format!("{}", 100 * (n + 1))]);
        repo.commit(team);
        added.push(id);
    }
    repo.git(&["checkout", "-q", "main"]);
    for team in ["content", "social", "growth"] {
        let (clean, output) = repo.run_git(&["merge", "--no-edit", team]);
        assert!(clean, "{team}: {output}");
    }
    let ids = repo.ids();
    for id in &added {
        assert!(ids.contains(id), "{id} in {ids:?}");
    }
    assert_eq!(repo.values("kr2"), [100.0, 200.0, 300.0]);
}

#[test]
fn rebase_and_cherry_pick_use_the_driver_too() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    let id = repo.on_branch("feature", "feature", || {
        let id = repo.ok(&[
            "add",
            "objective",
            "Win search",
            "--team",
            "content",
            "--aligns",
            "kr1",
        ]);
        repo.ok(&["progress", "kr1", "1100", "--date", "2026-11-20"]);
        id
    });
    let other = repo.on_another_machine(5);
    let mine = other.ok(&[
        "add",
        "objective",
        "Grow a community",
        "--team",
        "social",
        "--aligns",
        "kr1",
    ]);
    other.ok(&["progress", "kr1", "1050", "--date", "2026-11-19"]);
    repo.commit("main");
    repo.git(&["checkout", "-q", "feature"]);
    let (clean, output) = repo.run_git(&["rebase", "main"]);
    assert!(clean, "rebase: {output}");
    assert!(repo.ids().contains(&id) && repo.ids().contains(&mine));
    assert_eq!(repo.values("kr1"), [1050.0, 1100.0]);
    // Cherry-pick a later commit of the feature onto main.
    repo.ok(&["progress", "kr2", "300"]);
    repo.commit("more");
    repo.git(&["checkout", "-q", "main"]);
    let (clean, output) = repo.run_git(&["cherry-pick", "feature"]);
    assert!(clean, "cherry-pick: {output}");
    assert_eq!(repo.values("kr2"), [300.0]);
}

#[test]
fn pull_rebase_between_two_clones_of_one_remote() {
    let place = Place::new();
    let remote = place.bare("origin.git");
    let first = place.repo("seed");
    company(&first);
    first.git(&["remote", "add", "origin", &remote.display().to_string()]);
    first.git(&["push", "-q", "origin", "main"]);
    let ana = place.clone(&remote, "ana", 21);
    let bo = place.clone(&remote, "bo", 22);
    let ana_id = ana.ok(&[
        "add",
        "objective",
        "Win search",
        "--team",
        "content",
        "--aligns",
        "kr1",
    ]);
    ana.ok(&["progress", "kr1", "1400", "--date", "2026-11-20"]);
    ana.commit("ana");
    ana.git(&["push", "-q", "origin", "main"]);
    let bo_id = bo.ok(&[
        "add",
        "objective",
        "Grow a community",
        "--team",
        "social",
        "--aligns",
        "kr1",
    ]);
    bo.ok(&["progress", "kr1", "1500", "--date", "2026-11-21"]);
    bo.commit("bo");
    let (clean, output) = bo.run_git(&["pull", "--rebase", "-q", "origin", "main"]);
    assert!(clean, "pull --rebase: {output}");
    bo.git(&["push", "-q", "origin", "main"]);
    ana.git(&["pull", "-q", "--rebase", "origin", "main"]);
    for clone in [&ana, &bo] {
        let ids = clone.ids();
        assert!(ids.contains(&ana_id) && ids.contains(&bo_id), "{ids:?}");
        assert_eq!(clone.values("kr1"), [1400.0, 1500.0]);
    }
}

#[test]
fn the_nightly_import_and_a_pull_request_merge_cleanly() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.git(&["checkout", "-q", "-b", "nightly"]);
    std::fs::write(
        repo.dir.join("rows.csv"),
        "kr,value,date\nkr1,1250,2026-11-21\nkr2,80,2026-11-21\n",
    )
    .unwrap();
    repo.ok(&["import", "rows.csv"]);
    std::fs::remove_file(repo.dir.join("rows.csv")).unwrap();
    repo.commit("nightly import");
    repo.git(&["checkout", "-q", "-b", "pr", "main"]);
    repo.ok(&["edit", "kr2", "--target", "600"]);
    repo.ok(&["progress", "kr2", "90", "--date", "2026-11-22"]);
    repo.commit("pr");
    repo.git(&["checkout", "-q", "main"]);
    assert!(repo.run_git(&["merge", "--no-edit", "nightly"]).0);
    assert!(repo.run_git(&["merge", "--no-edit", "pr"]).0);
    assert_eq!(repo.values("kr2"), [80.0, 90.0]);
    assert_eq!(
        repo.json()["objectives"][0]["key_results"][1]["target"],
        600
    );
}

#[test]
fn setup_git_registers_once_and_says_what_it_did() {
    let place = Place::new();
    let repo = place.repo("team");
    let attributes = std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "okrs.json merge=okr diff=okr\n");
    let again = repo.ok(&["setup-git"]);
    assert!(
        again.starts_with(".gitattributes already names okrs.json\n"),
        "{again}"
    );
    assert!(again.contains("set merge.okr.driver = "), "{again}");
    assert_eq!(
        std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap(),
        attributes,
        "never added twice"
    );
    let driver = repo.git(&["config", "merge.okr.driver"]);
    assert!(
        driver.trim_end().ends_with(" merge %O %A %B --path %P"),
        "{driver}"
    );
    // Outside a work tree it says so.
    let outside = tempfile::tempdir().unwrap();
    let out = git_command(outside.path(), &repo.home, &["--version"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut cmd = assert_cmd::Command::cargo_bin("okr").unwrap();
    let out = cmd
        .current_dir(outside.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", &repo.home)
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .env_remove("OKR_FILE")
        .args(["setup-git"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not in a git work tree"));
}

#[test]
fn a_broken_side_leaves_ours_untouched_and_says_which() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    let dir = &repo.dir;
    std::fs::copy(dir.join("okrs.json"), dir.join("base.json")).unwrap();
    std::fs::copy(dir.join("okrs.json"), dir.join("ours.json")).unwrap();
    std::fs::write(dir.join("theirs.json"), "{ not json").unwrap();
    let before = std::fs::read(dir.join("ours.json")).unwrap();
    let out = repo.okr(&[
        "merge",
        "base.json",
        "ours.json",
        "theirs.json",
        "--path",
        "okrs.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: cannot merge `okrs.json`: their version cannot be used: `theirs.json` is not a valid okr data file"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(dir.join("ours.json")).unwrap(), before);
}

#[test]
fn diff_shows_a_change_as_people_read_it() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    let id = repo.ok(&[
        "add",
        "objective",
        "Win search",
        "--team",
        "content",
        "--aligns",
        "kr1",
    ]);
    repo.ok(&["edit", "o1", "--title", "Be loved for great coffee"]);
    repo.ok(&["edit", "kr2", "--target", "600"]);
    repo.ok(&["progress", "kr1", "1500", "--date", "2026-11-20"]);
    let diff = repo.ok(&["diff", "HEAD"]);
    assert_eq!(
        diff,
        format!(
            "HEAD:okrs.json: 5 changes
~ o1 renamed: \"Be known for great coffee\" -> \"Be loved for great coffee\"
+ check-in kr1 2026-11-20: 1,500 (0% -> 50%)
~ kr2 target: 500 -> 600
+ objective {id} \"Win search\" (team content, 2026-Q4)
+ {id} aligns to kr1"
        )
    );
    let json: Value = serde_json::from_str(&repo.ok(&["diff", "HEAD", "--json"])).unwrap();
    assert_eq!(
        json["changes"][0],
        json!({"change": "objective-changed", "id": "o1", "field": "title", "from": "Be known for great coffee", "to": "Be loved for great coffee"})
    );
    // git diff shows it through okr too.
    let shown = repo.git(&["diff"]);
    assert!(shown.contains("~ kr2 target: 500 -> 600"), "{shown}");
}

#[test]
fn a_merge_is_never_refused_for_the_rules_and_says_what_they_now_break() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.ok(&[
        "add",
        "objective",
        "First growth goal",
        "--team",
        "growth",
        "--aligns",
        "kr1",
    ]);
    repo.commit("growth");
    for (branch, seed) in [("a", 31), ("b", 32)] {
        repo.git(&["checkout", "-q", "-b", branch, "main"]);
        repo.on_another_machine(seed).ok(&[
            "add",
            "objective",
            &format!("Second growth goal {branch}"),
            "--team",
            "growth",
            "--aligns",
            "kr2",
        ]);
        repo.commit(branch);
    }
    repo.git(&["checkout", "-q", "main"]);
    assert!(repo.run_git(&["merge", "--no-edit", "a"]).0);
    let (clean, output) = repo.run_git(&["merge", "--no-edit", "b"]);
    assert!(clean, "{output}");
    assert!(
        output.contains("team `growth` has 3 objectives in 2026-Q4")
            && output.contains("[max-objectives]"),
        "{output}"
    );
    let out = repo.okr(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("[max-objectives]"));
}

#[test]
fn two_branches_that_both_create_the_file_merge_from_an_empty_base() {
    let place = Place::new();
    let dir = place.root.path().join("fresh");
    std::fs::create_dir(&dir).unwrap();
    let repo = Clone {
        dir,
        home: place.home(),
        seed: 41,
    };
    repo.git(&["init", "-q", "-b", "main"]);
    std::fs::write(repo.dir.join("README"), "okrs\n").unwrap();
    repo.commit("empty");
    repo.ok(&["setup-git"]);
    repo.commit("setup");
    let a = repo.on_branch("a", "a", || {
        repo.ok(&["init"]);
        repo.ok(&["add", "objective", "From a"])
    });
    let other = repo.on_another_machine(42);
    other.ok(&["init"]);
    let b = other.ok(&["add", "objective", "From b"]);
    repo.commit("b");
    let (clean, output) = repo.run_git(&["merge", "--no-edit", "a"]);
    assert!(clean, "{output}");
    let ids = repo.ids();
    assert!(ids.contains(&a) && ids.contains(&b), "{ids:?}");
}

#[test]
fn different_fields_of_one_key_result_merge_cleanly() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.on_branch("units", "units", || {
        repo.ok(&["edit", "kr1", "--unit", "visitors", "--weight", "2"]);
    });
    repo.ok(&[
        "edit",
        "kr1",
        "--target",
        "2400",
        "--title",
        "Monthly organic visitors",
    ]);
    repo.commit("target");
    let (clean, output) = repo.run_git(&["merge", "--no-edit", "units"]);
    assert!(clean, "{output}");
    let kr1 = repo.json()["objectives"][0]["key_results"][0].clone();
    assert_eq!(
        (
            kr1["title"].clone(),
            kr1["target"].clone(),
            kr1["unit"].clone(),
            kr1["weight"].clone()
        ),
        (
            json!("Monthly organic visitors"),
            json!(2400),
            json!("visitors"),
            json!(2)
        )
    );
}

#[test]
fn changes_lists_the_edits_git_knows_of() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    // Committed on 2026-11-23; a week later, what has been edited since?
    let id = repo.ok(&[
        "add",
        "objective",
        "Win search",
        "--team",
        "content",
        "--aligns",
        "kr1",
    ]);
    repo.ok(&["edit", "kr2", "--target", "600"]);
    let mut cmd = assert_cmd::Command::cargo_bin("okr").unwrap();
    let out = cmd
        .current_dir(&repo.dir)
        .env("OKR_TODAY", "2026-11-30")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", &repo.home)
        .env_remove("OKR_FILE")
        .args(["changes", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let view: Value = serde_json::from_slice(&out.stdout).unwrap();
    let edits: Vec<&str> = view["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(
        edits,
        ["key-result-changed", "objective-added", "aligned"],
        "{view}"
    );
    assert_eq!(view["edits"][1]["id"], id.as_str());
}

#[test]
fn settings_changed_on_both_sides_merge_one_by_one() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.on_branch("a", "a", || {
        repo.ok(&["settings", "set", "stale_days", "21"]);
        repo.ok(&["settings", "set", "green_from", "0.8"]);
    });
    repo.ok(&["settings", "set", "confidence_drop", "5"]);
    repo.ok(&["settings", "set", "green_from", "0.6"]);
    repo.commit("main");
    let (clean, output) = repo.run_git(&["merge", "--no-edit", "a"]);
    assert!(!clean, "green_from differs: {output}");
    let settings = &repo.json()["settings"];
    assert_eq!(
        (
            settings["stale_days"].clone(),
            settings["confidence_drop"].clone(),
            settings["green_from"].clone()
        ),
        (json!(21), json!(5), json!(0.6))
    );
    assert_eq!(
        repo.json()["conflicts"],
        json!([{"of": "settings", "id": "settings", "field": "green_from", "base": "0.7", "ours": "0.6", "theirs": "0.8"}])
    );
    repo.ok(&["resolve", "settings", "--theirs"]);
    assert_eq!(repo.json()["settings"]["green_from"], 0.8);
}

#[test]
fn a_revision_is_never_read_as_an_option() {
    let place = Place::new();
    let repo = place.repo("team");
    let written = place.root.path().join("x");
    let option = format!("--output={}", written.display());
    for rev in [option.as_str(), "-p", ""] {
        let out = repo.okr(&["diff", "--", rev]);
        assert_eq!(out.status.code(), Some(1), "{rev}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "error: `{rev}` is not a git revision; name a commit, a branch or a tag (e.g. HEAD~1 or origin/main)\n"
            )
        );
    }
    let litter: Vec<_> = std::fs::read_dir(place.root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('x'))
        .collect();
    assert_eq!(litter, Vec::<String>::new(), "git wrote a file");
    let out = repo.okr(&["diff", "no-such-branch"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: git knows no commit `no-such-branch`; check the name with `git log --oneline`, or fetch it first\n"
    );
    assert_eq!(repo.ok(&["diff", "HEAD"]), "HEAD:okrs.json: no changes");
}

#[test]
fn setup_git_writes_patterns_git_really_matches() {
    let place = Place::new();
    let repo = place.repo("team");
    // The top level's `okrs.json` matches that name in every folder: these use other names.
    for (folder, name) in [
        ("Marketing Team", "team.json"),
        ("a*b [x]", "okrs.json"),
        ("#q\"uote\\d", "okrs.json"),
    ] {
        std::fs::create_dir(repo.dir.join(folder)).unwrap();
        let file = format!("{folder}/{name}");
        repo.ok(&["--file", &file, "init"]);
        repo.ok(&["--file", &file, "setup-git"]);
        assert_eq!(
            repo.git(&["check-attr", "-z", "merge", "diff", "--", &file]),
            format!("{file}\0merge\0okr\0{file}\0diff\0okr\0")
        );
        for companion in [format!(".{name}.lock"), format!(".{name}.undo/1.step")] {
            let path = format!("{folder}/{companion}");
            let (ignored, said) = repo.run_git(&["check-ignore", "--no-index", "--", &path]);
            assert!(ignored, "{path} is not ignored: {said}");
        }
        // Once, however often it runs.
        let attributes = std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap();
        repo.ok(&["--file", &file, "setup-git"]);
        assert_eq!(
            std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap(),
            attributes
        );
    }
    // The wildcards in `a*b [x]` are letters: a look-alike folder is not matched.
    std::fs::create_dir(repo.dir.join("axb x")).unwrap();
    std::fs::create_dir(repo.dir.join("Marketing-Team")).unwrap();
    assert_eq!(
        repo.git(&[
            "check-attr",
            "merge",
            "--",
            "axb x/team.json",
            "Marketing-Team/team.json"
        ]),
        "axb x/team.json: merge: unspecified\nMarketing-Team/team.json: merge: unspecified\n"
    );
    assert_eq!(
        std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap(),
        "okrs.json merge=okr diff=okr\n\"Marketing Team/team.json\" merge=okr diff=okr\n\"a\\\\*b \\\\[x]/okrs.json\" merge=okr diff=okr\n\"#q\\\"uote\\\\\\\\d/okrs.json\" merge=okr diff=okr\n"
    );
    assert_eq!(
        std::fs::read_to_string(repo.dir.join(".gitignore")).unwrap(),
        ".okrs.json.lock\n.okrs.json.undo/\nMarketing\\ Team/.team.json.lock\nMarketing\\ Team/.team.json.undo/\na\\*b\\ \\[x]/.okrs.json.lock\na\\*b\\ \\[x]/.okrs.json.undo/\n\\#q\"uote\\\\d/.okrs.json.lock\n\\#q\"uote\\\\d/.okrs.json.undo/\n"
    );
}

#[test]
fn setup_git_refuses_what_it_cannot_write_safely_and_writes_nothing() {
    let place = Place::new();
    let repo = place.repo("team");
    let snapshot = |repo: &Clone| {
        [".gitattributes", ".gitignore", ".git/config"]
            .map(|f| std::fs::read(repo.dir.join(f)).unwrap_or_default())
    };
    // A folder name with a newline would inject a pattern of its own.
    let evil = "x\n* merge=okr\n";
    std::fs::create_dir(repo.dir.join(evil)).unwrap();
    let file = format!("{evil}/okrs.json");
    repo.ok(&["--file", &file, "init"]);
    let before = snapshot(&repo);
    let out = repo.okr(&["--file", &file, "setup-git"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot register `x\\n* merge=okr\\n/okrs.json` with git: its path has a control character that no .gitattributes pattern can match; rename the file or its folder\n"
    );
    assert_eq!(snapshot(&repo), before);

    // A repository whose config git cannot write: nothing else is written either.
    let fresh = place.repo("fresh");
    std::fs::remove_file(fresh.dir.join(".gitattributes")).unwrap();
    std::fs::remove_file(fresh.dir.join(".gitignore")).unwrap();
    std::fs::write(fresh.dir.join(".git/config.lock"), "").unwrap();
    let out = fresh.okr(&["setup-git"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!fresh.dir.join(".gitattributes").exists());
    assert!(!fresh.dir.join(".gitignore").exists());
    std::fs::remove_file(fresh.dir.join(".git/config.lock")).unwrap();

    // A .gitignore that is a link: never appended to.
    let victim = place.root.path().join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    std::fs::remove_file(repo.dir.join(".gitignore")).unwrap();
    std::os::unix::fs::symlink(&victim, repo.dir.join(".gitignore")).unwrap();
    std::fs::create_dir(repo.dir.join("sub")).unwrap();
    repo.ok(&["--file", "sub/okrs.json", "init"]);
    let out = repo.okr(&["--file", "sub/okrs.json", "setup-git"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "error: `{}` is a symbolic link, and okr keeps only regular files beside the data file; remove it, or replace it with a regular file\n",
            repo.dir
                .canonicalize()
                .unwrap()
                .join(".gitignore")
                .display()
        )
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
}

#[test]
fn the_readme_shows_what_setup_git_prints() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let from = readme.find("**Once per clone**").unwrap();
    let block = &readme[from..];
    let start = block.find("```console\n$ okr setup-git\n").unwrap() + 27;
    let shown = &block[start..start + block[start..].find("```").unwrap()];
    let place = Place::new();
    let dir = place.root.path().join("fresh");
    std::fs::create_dir(&dir).unwrap();
    let clone = Clone {
        dir,
        home: place.home(),
        seed: 1,
    };
    clone.git(&["init", "-q", "-b", "main"]);
    clone.ok(&["init"]);
    let printed = clone.ok(&["setup-git"]) + "\n";
    let exe = assert_cmd::cargo::cargo_bin("okr").display().to_string();
    assert_eq!(printed.replace(&exe, "/usr/local/bin/okr"), shown);
}

#[test]
fn changes_for_a_team_lists_that_teams_edits_only() {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    for (team, id) in [("growth", "o2"), ("social", "o3")] {
        repo.ok(&[
            "add",
            "objective",
            &format!("Win {team}"),
            "--team",
            team,
            "--aligns",
            "kr1",
            "--id",
            id,
        ]);
        repo.ok(&[
            "add",
            "kr",
            id,
            "Reach",
            "--target",
            "10",
            "--id",
            &format!("kr{id}"),
        ]);
    }
    repo.git(&["add", "-A"]);
    // The week began after this commit.
    let out = git_command(&repo.dir, &repo.home, &["commit", "-q", "-m", "teams"])
        .env("GIT_COMMITTER_DATE", "2026-11-10T12:00:00Z")
        .env("GIT_AUTHOR_DATE", "2026-11-10T12:00:00Z")
        .output()
        .unwrap();
    assert!(out.status.success());
    repo.ok(&["edit", "o2", "--title", "Win growth, faster"]);
    repo.ok(&["edit", "o3", "--title", "Win social, louder"]);
    repo.ok(&["edit", "kr1", "--target", "2500"]);
    let social = repo.ok(&["changes", "--team", "social", "--json"]);
    let edits: Vec<String> = serde_json::from_str::<Value>(&social).unwrap()["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(edits, ["o3"]);
    let all = repo.ok(&["changes", "--json"]);
    let count = serde_json::from_str::<Value>(&all).unwrap()["edits"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(count, 3);
}

impl Clone {
    /// Commits everything with `message`, dated `day` (noon, UTC).
    fn commit_on(&self, message: &str, day: &str) {
        self.git(&["add", "-A"]);
        let date = format!("{day}T12:00:00Z");
        let out = git_command(&self.dir, &self.home, &["commit", "-q", "-m", message])
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .expect("git commit");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `okr ARGS` without `OKR_TODAY`: judged as of the day a revision says.
    fn okr_undated(&self, args: &[&str]) -> std::process::Output {
        crate::harness::okr()
            .current_dir(&self.dir)
            .env_remove("OKR_TODAY")
            .env("OKR_ID_SEED", self.seed.to_string())
            .env("COLUMNS", "200")
            .args(args)
            .output()
            .expect("run okr")
    }

    /// Edits okrs.json by hand, through its JSON (as a person with an editor would).
    fn edit_file(&self, edit: impl FnOnce(&mut Value)) {
        let mut file = self.json();
        edit(&mut file);
        let text = serde_json::to_string_pretty(&file).unwrap() + "\n";
        std::fs::write(self.dir.join("okrs.json"), text).unwrap();
    }
}

/// Exit code, stdout and stderr of `output`.
fn said(output: &std::process::Output) -> (Option<i32>, String, String) {
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A repository on main: the company's committed objective `o1` (kr1 1,000 → 2,000, kr2 to
/// 500) with check-ins, and a closed 2026-Q3 objective `q3`.
fn reviewed() -> (Place, Clone) {
    let place = Place::new();
    let repo = place.repo("team");
    company(&repo);
    repo.ok(&["edit", "o1", "--committed"]);
    repo.ok(&["progress", "kr1", "1200", "--date", "2026-11-02"]);
    repo.ok(&["progress", "kr1", "1400", "--date", "2026-11-16"]);
    repo.ok(&["progress", "kr2", "100", "--date", "2026-11-16"]);
    repo.ok(&[
        "add",
        "objective",
        "Summer",
        "--period",
        "2026-Q3",
        "--id",
        "q3",
    ]);
    repo.ok(&["add", "kr", "q3", "Shares", "--target", "10", "--id", "q3s"]);
    repo.ok(&[
        "add",
        "kr",
        "q3",
        "Followers",
        "--target",
        "10",
        "--id",
        "q3k",
    ]);
    repo.ok(&["progress", "q3k", "6", "--date", "2026-09-01"]);
    repo.ok(&["close", "2026-Q3"]);
    repo.commit_on("OKRs as reviewed", "2026-11-16");
    (place, repo)
}

#[test]
fn check_base_reports_what_a_change_does_to_the_numbers() {
    let (_place, repo) = reviewed();
    // Nothing changed: nothing to say.
    assert_eq!(
        repo.ok(&["check", "--base", "HEAD"]),
        "okrs.json: no problems"
    );
    repo.ok(&["edit", "kr1", "--target", "1800"]);
    repo.ok(&["edit", "o1", "--aspirational"]);
    repo.ok(&["progress", "kr2", "150", "--date", "2026-11-02"]);
    repo.edit_file(|file| {
        // kr1's check-in of 2 November rewritten from 1,200 to 1,300.
        file["objectives"][0]["key_results"][0]["checkins"][0]["value"] = json!(1300);
    });
    let (code, out, err) = said(&repo.okr(&["check", "--base", "HEAD"]));
    assert_eq!(
        out,
        "\
warning: o1: `o1` changed from committed to aspirational [committed-relaxed]
warning: kr1: `kr1` changed its target from 2,000 to 1,800 while 2026-Q4 runs [target-changed]
warning: kr1: the check-in of `kr1` on 2026-11-02 (1,200) was rewritten: its value changed from 1,200 to 1,300 [checkin-rewritten]
warning: kr2: a check-in of `kr2` was added dated 2026-11-02 (150), 21 days before today (more than 7) [backdated-checkin]
"
    );
    assert_eq!((code, err.as_str()), (Some(0), "4 warnings in okrs.json\n"));
    // The README shows this run.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let shown = readme
        .split("$ okr check --base origin/main\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    assert_eq!(shown, out, "README's okr check --base");
    assert_eq!(
        repo.okr(&["check", "--base", "HEAD", "--strict"])
            .status
            .code(),
        Some(1)
    );
    // JSON and GitHub annotations on the new file's lines.
    let json: Value =
        serde_json::from_str(&repo.ok(&["check", "--base", "HEAD", "--json"])).unwrap();
    let rules: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "committed-relaxed",
            "target-changed",
            "checkin-rewritten",
            "backdated-checkin"
        ]
    );
    let github = repo.ok(&["check", "--base", "HEAD", "--format", "github"]);
    let text = std::fs::read_to_string(repo.dir.join("okrs.json")).unwrap();
    let kr1_line = text
        .lines()
        .position(|l| l.contains("\"id\": \"kr1\""))
        .unwrap()
        + 1;
    assert!(
        github.contains(&format!(
            "::warning file=okrs.json,line={kr1_line},title=okr target-changed%3A kr1::"
        )),
        "{github}"
    );
    // Removed with history, and a change inside the closed period (an error: exit 1).
    repo.ok(&["rm", "kr2"]);
    repo.edit_file(|file| {
        file["objectives"][1]["title"] = json!("Summer, said better");
    });
    let (code, out, _) = said(&repo.okr(&["check", "--base", "HEAD"]));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("warning: kr2: key result `kr2` \"Newsletter subscribers\" was removed with 1 check-in [removed-with-history]\n"), "{out}");
    assert!(out.contains("error: q3: `q3` was changed inside the closed period 2026-Q3; only a retrospective may change there (reopen it with `okr close 2026-Q3 --reopen` if this is meant) [closed-changed]\n"), "{out}");
}

#[test]
fn check_base_lets_a_retrospective_into_a_closed_period_and_flags_a_removed_objective() {
    let (_place, repo) = reviewed();
    repo.ok(&["retro", "q3", "Summer was quiet; plan for it"]);
    assert_eq!(
        repo.ok(&["check", "--base", "HEAD"]),
        "okrs.json: no problems"
    );
    repo.ok(&["rm", "o1"]);
    let (code, out, _) = said(&repo.okr(&["check", "--base", "HEAD"]));
    assert_eq!(
        (code, out.as_str()),
        (
            Some(0),
            "warning: o1: objective `o1` \"Be known for great coffee\" was removed with 3 check-ins of its key results [removed-with-history]\n"
        )
    );
}

#[test]
fn a_base_git_cannot_find_is_one_clear_line() {
    let (place, repo) = reviewed();
    for (rev, wanted) in [
        (
            "no-such-branch",
            "error: git knows no commit `no-such-branch`; check the name with `git log --oneline`, or fetch it first\n",
        ),
        (
            "--output=x",
            "error: `--output=x` is not a git revision; name a commit, a branch or a tag (e.g. HEAD~1 or origin/main)\n",
        ),
        (
            "HEAD~5",
            "error: git knows no commit `HEAD~5`; check the name with `git log --oneline`, or fetch it first\n",
        ),
    ] {
        let flag = format!("--base={rev}");
        let (code, out, err) = said(&repo.okr(&["check", &flag]));
        assert_eq!(
            (code, out.as_str(), err.as_str()),
            (Some(1), "", wanted),
            "{rev}"
        );
    }
    // The first commit, before okrs.json existed in it? `start` has it: an older file name.
    let outside = place.root.path().join("loose");
    std::fs::create_dir(&outside).unwrap();
    std::fs::copy(repo.dir.join("okrs.json"), outside.join("okrs.json")).unwrap();
    let out = crate::harness::okr()
        .current_dir(&outside)
        .env("GIT_CEILING_DIRECTORIES", place.root.path())
        .args(["check", "--base", "HEAD"])
        .output()
        .unwrap();
    let (code, _, err) = said(&out);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "error: `okrs.json` is not in a git work tree; run this inside the repository that holds it (`git init` makes one)\n"
    );
}

#[test]
fn a_shallow_clone_says_which_fetch_brings_the_base() {
    let place = Place::new();
    let remote = place.bare("remote.git");
    let repo = place.clone(&remote, "work", 1);
    repo.ok(&["init"]);
    company(&repo);
    repo.git(&["push", "-q", "origin", "main"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.ok(&["edit", "kr1", "--target", "1800"]);
    repo.commit("lower the target");
    repo.git(&["push", "-q", "origin", "feature"]);
    // CI checks out the pull request's branch alone, one commit deep.
    let url = format!("file://{}", remote.display());
    let out = git_command(
        place.root.path(),
        &place.home(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--single-branch",
            "-b",
            "feature",
            &url,
            "ci",
        ],
    )
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ci = Clone {
        dir: place.root.path().join("ci"),
        home: place.home(),
        seed: 3,
    };
    let (code, _, err) = said(&ci.okr(&["check", "--base", "origin/main"]));
    let fetch = "git fetch --no-tags --depth=1 origin main:refs/remotes/origin/main";
    assert_eq!(
        (code, err.as_str()),
        (Some(1), format!("error: git knows no commit `origin/main` in this shallow clone; bring it in with `{fetch}`\n").as_str())
    );
    let words: Vec<&str> = fetch.split(' ').skip(1).collect();
    ci.git(&words);
    let (code, out, _) = said(&ci.okr(&["check", "--base", "origin/main"]));
    assert_eq!(code, Some(0));
    assert!(out.contains("[target-changed]"), "{out}");
}

#[test]
fn at_reads_every_reading_command_as_the_file_was_at_a_commit() {
    let (_place, repo) = reviewed();
    repo.ok(&["progress", "kr1", "1900", "--date", "2026-11-20"]);
    repo.commit_on("week 3", "2026-11-20");
    for command in [
        vec!["status"],
        vec!["list"],
        vec!["show", "kr1"],
        vec!["tree"],
        vec!["history", "kr1"],
        vec!["report"],
        vec!["check"],
        vec!["changes"],
        vec!["due"],
        vec!["digest"],
        vec!["review"],
    ] {
        let mut args = vec!["--at", "HEAD~1"];
        args.extend(&command);
        let (code, out, err) = said(&repo.okr_undated(&args));
        assert!(matches!(code, Some(0 | 1)), "{command:?}: {err}");
        assert!(
            out.starts_with("at HEAD~1 ("),
            "{command:?} names the revision: {out}"
        );
        assert!(
            !out.contains("1,900"),
            "{command:?} reads the older file: {out}"
        );
        let json_flag: &[&str] = if command[0] == "report" {
            &["--format", "json"]
        } else {
            &["--json"]
        };
        let json = said(&repo.okr_undated(&[&args[..], json_flag].concat()));
        assert!(
            serde_json::from_str::<Value>(&json.1).is_ok(),
            "{command:?} --json: {}",
            json.1
        );
    }
    // Judged as of the commit's day, unless OKR_TODAY says otherwise.
    let (_, status, _) = said(&repo.okr_undated(&["status", "--at", "HEAD~1"]));
    assert!(status.contains(", as of 2026-11-16:"), "{status}");
    let (_, status, _) = said(&repo.okr(&["status", "--at", "HEAD~1"]));
    assert!(status.contains(", as of 2026-11-23:"), "{status}");
    let history = repo.ok(&["history", "kr1", "--at", "HEAD"]);
    assert!(history.contains("1,900"), "{history}");
    // A writing command given --at is a usage error, and the file is left alone.
    let before = std::fs::read(repo.dir.join("okrs.json")).unwrap();
    for args in [
        vec!["progress", "kr1", "5", "--at", "HEAD~1"],
        vec!["--at", "HEAD", "add", "objective", "Late"],
        vec!["edit", "kr1", "--target", "3", "--at", "HEAD"],
    ] {
        let (code, _, err) = said(&repo.okr(&args));
        assert_eq!(code, Some(2), "{args:?}");
        assert!(
            err.starts_with("error: `--at` reads the data file as it was at a git revision"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(repo.dir.join("okrs.json")).unwrap(), before);
}

#[test]
fn at_a_revision_without_the_file_or_with_a_broken_one_names_it() {
    let place = Place::new();
    let repo = place.repo("team");
    std::fs::write(repo.dir.join("notes.txt"), "x").unwrap();
    repo.git(&["rm", "-q", "--cached", "okrs.json"]);
    repo.git(&["add", "notes.txt"]);
    repo.git(&["commit", "-q", "-m", "okrs.json not tracked"]);
    repo.git(&["add", "okrs.json"]);
    repo.git(&["commit", "-q", "-m", "tracked again"]);
    let (code, out, err) = said(&repo.okr(&["status", "--at", "HEAD~1"]));
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            Some(1),
            "",
            "error: `okrs.json` does not exist at `HEAD~1`; name a revision that has it (`git log --oneline -- okrs.json`)\n"
        )
    );
    std::fs::write(repo.dir.join("okrs.json"), "{ not json").unwrap();
    repo.commit("broken");
    std::fs::remove_file(repo.dir.join("okrs.json")).unwrap();
    repo.ok(&["init"]);
    let (code, _, err) = said(&repo.okr(&["status", "--at", "HEAD"]));
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with("error: ") && err.contains("HEAD:") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn log_lists_the_commits_that_changed_the_file_or_one_item() {
    let (_place, repo) = reviewed();
    repo.ok(&["progress", "kr1", "1900", "--date", "2026-11-20"]);
    repo.ok(&["edit", "kr2", "--target", "400"]);
    repo.commit_on("week 3", "2026-11-20");
    let head = repo
        .git(&["rev-parse", "--short=7", "HEAD"])
        .trim()
        .to_string();
    let all = repo.ok(&["log"]);
    assert!(
        all.starts_with(&format!(
            "{head}  2026-11-20  Test Marketer  week 3\n  + check-in kr1 2026-11-20: 1,900 (40% -> 90%)\n  ~ kr2 target: 500 -> 400\n"
        )),
        "{all}"
    );
    assert!(all.contains("  OKRs as reviewed\n"), "{all}");
    assert!(
        all.ends_with("  Test Marketer  start"),
        "every commit that touched the file: {all}"
    );
    let kr2 = repo.ok(&["log", "kr2"]);
    assert!(
        kr2.contains("  ~ kr2 target: 500 -> 400") && !kr2.contains("kr1 2026-11-20"),
        "{kr2}"
    );
    // An objective's log holds its key results' changes.
    let o1 = repo.ok(&["log", "o1"]);
    assert!(
        o1.contains("kr1 2026-11-20") && o1.contains("kr2 target"),
        "{o1}"
    );
    let json: Value = serde_json::from_str(&repo.ok(&["log", "kr2", "--json"])).unwrap();
    assert_eq!(json["id"], "kr2");
    assert_eq!(json["commits"][0]["subject"], "week 3");
    assert_eq!(
        json["commits"][0]["changes"][0]["change"],
        "key-result-changed"
    );
    let (code, _, err) = said(&repo.okr(&["log", "kr99"]));
    assert_eq!(
        (code, err.as_str()),
        (
            Some(1),
            "error: no objective or key result has id `kr99`; run `okr list` to see the ids\n"
        )
    );
}

#[test]
fn check_base_sees_milestones_move_and_needs_git() {
    let (_place, repo) = reviewed();
    repo.ok(&["edit", "kr1", "--milestone", "2026-12-01=1700"]);
    let (_, out, _) = said(&repo.okr(&["check", "--base", "HEAD"]));
    assert_eq!(
        out,
        "warning: kr1: `kr1` changed its milestones from none to 2026-12-01: 1,700 while 2026-Q4 runs [target-changed]\n"
    );
    // Without git on the PATH: one line that says so.
    let out = crate::harness::okr()
        .current_dir(&repo.dir)
        .env("PATH", "")
        .args(["check", "--base", "HEAD"])
        .output()
        .unwrap();
    let (code, _, err) = said(&out);
    assert_eq!(code, Some(1));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: `git rev-parse --show-toplevel` failed: cannot run git (")
            && err.ends_with("); install git or put it on PATH\n"),
        "{err}"
    );
}

#[test]
fn log_and_diff_take_at_too() {
    let (_place, repo) = reviewed();
    repo.ok(&["progress", "kr1", "1900", "--date", "2026-11-20"]);
    repo.commit_on("week 3", "2026-11-20");
    let at = repo.ok(&["log", "--at", "HEAD~1"]);
    assert!(
        at.starts_with("at HEAD~1 (") && !at.contains("week 3"),
        "{at}"
    );
    assert!(at.contains("OKRs as reviewed"), "{at}");
    let diff = repo.ok(&["diff", "HEAD~1", "--at", "HEAD"]);
    assert!(diff.contains("+ check-in kr1 2026-11-20: 1,900"), "{diff}");
    let (code, _, _) = said(&repo.okr(&["diff", "a.json", "b.json", "--at", "HEAD"]));
    assert_eq!(code, Some(2));
}

#[test]
fn changes_at_a_revision_reads_the_file_then() {
    let (_place, repo) = reviewed();
    repo.ok(&["progress", "kr1", "1900", "--date", "2026-11-20"]);
    repo.commit_on("week 3", "2026-11-20");
    // Today is fixed at 2026-11-23: the 20 November check-in is in the last 7 days, but not
    // in the file as HEAD~1 holds it.
    assert!(repo.ok(&["changes"]).contains("1,900"));
    let then = repo.ok(&["changes", "--at", "HEAD~1"]);
    assert!(
        then.starts_with("at HEAD~1 (") && !then.contains("1,900"),
        "{then}"
    );
}
