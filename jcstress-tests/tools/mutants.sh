# The mutant runner of jcstress-tests/run, which sources this file: `run mutants` and
# `run prepare-mutants` call run_mutants. It uses run's settings and helpers (HERE, ROOT, WORK,
# JAR, PACKAGE, JAVA, JAVA_DIR, JAVAC, MUTANT_OPTS, log, die, run_jcstress, statuses).
#
# Each jcstress-tests/mutants/NAME.mutant names the library file it edits, the edits (applied by
# tools/ApplyMutant.java, which documents the format) and these header lines:
#   tests: T...       the litmus tests that must catch it, by simple name; each test's Ours class
#                     runs, so test names must be unique across packages
#   arch: weak        only weakly ordered hardware can show it; skipped on x86 (TSO)
#   ci: skip <why>    left out of `run mutants --ci` (a survivor, a mutant caught only on more
#                     cores, a sanity check that costs a minute of hangs); docs/verification.md
#                     lists them
#   survivor: <why>   the tests are meant to catch it but, measured, do not within this budget;
#                     it still runs and is reported, and does not fail the run
# A mutant is caught when every one of its tests has a [FAILED] or [ERROR] fork.

# run_mutants [--prepare-only] [--ci] [pattern...]: every mutant, or those whose name matches
# one of the shell patterns (an exact name, or e.g. 'mutex-*'). Prints a table, and fails if a
# mutant that is not a known survivor was not caught.
run_mutants() {
  local prepare_only=0 ci=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --prepare-only) prepare_only=1 ;;
      --ci) ci=1 ;;
      *) break ;;
    esac
    shift
  done
  local patterns=("$@") start=$SECONDS file
  RESULTS=()
  UNCAUGHT=0
  for file in "$HERE"/mutants/*.mutant; do
    local name tests ci_skip dir
    name="$(basename "$file" .mutant)"
    if [ "${#patterns[@]}" -gt 0 ] && ! matches_any "$name" "${patterns[@]}"; then continue; fi
    tests="$(header "$file" tests)"
    [ -n "$tests" ] || die "$name: no tests: line"
    ci_skip="$(header "$file" ci)"
    if [ "$ci" = 1 ] && [ "${ci_skip%% *}" = skip ]; then
      RESULTS+=("$(row "$name" "$tests" "not run in CI: ${ci_skip#skip}")")
      continue
    fi
    if [ "$(header "$file" arch)" = weak ] && ! is_weakly_ordered; then
      RESULTS+=("$(row "$name" "$tests" "skipped: needs weakly ordered hardware, this is $(uname -m) (TSO)")")
      continue
    fi
    dir="$WORK/mutants/$name"
    build_mutant "$name" "$file" "$dir"
    if [ "$prepare_only" = 1 ]; then
      RESULTS+=("$(row "$name" "$tests" "prepared: $dir/classes")")
      continue
    fi
    run_mutant "$name" "$tests" "$(header "$file" survivor)" "$dir"
  done
  [ "${#RESULTS[@]}" -gt 0 ] || die "no mutant matched '${patterns[*]}'"
  if [ "$prepare_only" = 1 ]; then
    printf '%s\n' "${RESULTS[@]}"
    return
  fi
  printf '\n%-38s %-44s %s\n' MUTANT TESTS VERDICT
  printf '%s\n' "${RESULTS[@]}"
  log "mutants: $((SECONDS - start)) s"
  [ "$UNCAUGHT" -eq 0 ] || die "at least one mutant was not caught"
  log "mutants: PASS (every mutant caught)"
}

# build_mutant <name> <file> <dir>: a copy of the library with the mutant applied, compiled into
# <dir>/classes (or, with JCSTRESS_PREPARED=1, what prepare-mutants left there).
build_mutant() {
  local name="$1" file="$2" dir="$3"
  if [ "${JCSTRESS_PREPARED:-0}" = 1 ]; then
    [ -d "$dir/classes/dev" ] || die "$name: JCSTRESS_PREPARED=1 but $dir/classes is empty"
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir/src" "$dir/classes"
  cp -r "$ROOT/src/main/java/." "$dir/src/"
  rm -f "$dir/src/module-info.java"
  "$JAVA_DIR/bin/java" "$HERE/tools/ApplyMutant.java" "$file" "$dir/src" ||
    die "$name: could not apply the mutant (has the code it targets changed?)"
  find "$dir/src" -name '*.java' >"$dir/sources.txt"
  "$JAVAC" --release 17 -nowarn -d "$dir/classes" @"$dir/sources.txt" >"$dir/javac.log" 2>&1 ||
    { cat "$dir/javac.log" >&2; die "$name: the mutated library does not compile"; }
}

# run_mutant <name> <tests> <survivor reason or ""> <dir>: runs the tests' Ours classes with the
# mutated classes first on the class path, judges the log, adds a row to RESULTS, and counts an
# uncaught mutant that is not a known survivor in UNCAUGHT.
run_mutant() {
  local name="$1" tests="$2" survivor="$3" dir="$4"
  local regex="" t
  for t in $tests; do regex="${regex:+$regex|}$t"; done
  regex="^${PACKAGE//./\\.}\\.[a-z]+\\.($regex)\\.Ours\$"
  local rc=0 t0=$SECONDS stopped=0 logfile="$dir/run/jcstress.log"
  # One failed configuration per test is the proof, so stop there (unless JCSTRESS_MUTANT_FULL):
  # a STALE configuration alone costs 30 s, and most mutants fail their first configurations.
  run_jcstress "$dir/run" "$dir/classes:$JAR" "${MUTANT_OPTS[@]}" -t "$regex" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if [ "${JCSTRESS_MUTANT_FULL:-0}" != 1 ] && [ -f "$logfile" ] &&
      every_test_failed "$logfile" $tests; then
      kill_tree "$pid"
      stopped=1
      break
    fi
  done
  wait "$pid" || rc=$?
  if grep -qE 'FATAL|No scheduling is possible' "$logfile"; then
    die "$name: jcstress did not run its tests (FATAL or No scheduling); see $logfile"
  fi

  local verdicts=() all_caught=1 seen lines
  seen="$(statuses "$logfile" || true)"
  for t in $tests; do
    lines="$(fork_statuses "$seen" "$t")"
    if has_failed_fork "$lines"; then
      verdicts+=("$t=caught")
    elif [ -n "$lines" ]; then
      verdicts+=("$t=NOT-caught"); all_caught=0
    else
      verdicts+=("$t=did-not-run"); all_caught=0
    fi
  done
  if [ "$all_caught" -eq 1 ] && [ "$rc" -eq 0 ] && [ "$stopped" -eq 0 ]; then
    all_caught=0 # jcstress said FAILED yet exited 0: do not trust it
    verdicts+=("jcstress-exit-0")
  fi
  [ "$stopped" -eq 0 ] || verdicts+=("(stopped at the first catch)")
  local verdict=caught
  if [ "$all_caught" -ne 1 ] && [ -n "$survivor" ]; then
    verdict="NOT CAUGHT, known survivor ($survivor)"
  elif [ "$all_caught" -ne 1 ]; then
    verdict="NOT CAUGHT"
    UNCAUGHT=$((UNCAUGHT + 1))
  fi
  RESULTS+=("$(row "$name" "$tests" "$(printf '%s (%s; %ds)' "$verdict" "${verdicts[*]}" "$((SECONDS - t0))")")")
  local exit_note=", exit $rc"
  [ "$stopped" -eq 0 ] || exit_note="" # killed by us: its exit status says nothing
  log "$name: $verdict (${verdicts[*]}$exit_note, $((SECONDS - t0)) s)"
}

# row <name> <tests> <verdict>: one line of the table that run_mutants prints.
row() { printf '%-38s %-44s %s' "$1" "$2" "$3"; }

matches_any() {
  local name="$1" p
  shift
  for p in "$@"; do
    # shellcheck disable=SC2254
    case "$name" in $p) return 0 ;; esac
  done
  return 1
}

# header <mutant file> <key>: the value of the first "key:" line.
header() { sed -n "s/^$2:[[:space:]]*//p" "$1" | head -1; }

is_weakly_ordered() {
  case "$(uname -m)" in
    x86_64 | amd64 | i?86) return 1 ;;
    *) return 0 ;;
  esac
}

# fork_statuses <statuses> <test>: the status lines of one test's Ours forks (one per fork).
fork_statuses() { grep -E "\\.[a-z]+\\.$2\\.Ours\$" <<<"$1" || true; }

# has_failed_fork <lines>: one of the forks failed, which is what catching a mutant means.
has_failed_fork() { grep -qE '^\[(FAILED|ERROR)\]' <<<"$1"; }

# every_test_failed <log> <test...>: each named test has a failed fork in the log so far.
every_test_failed() {
  local seen t
  seen="$(statuses "$1" || true)"
  shift
  for t in "$@"; do
    has_failed_fork "$(fork_statuses "$seen" "$t")" || return 1
  done
}

# kill_tree <pid>: the process, its children (jcstress's forked VMs) and theirs.
kill_tree() {
  local pids=("$1") i=0 child
  while [ "$i" -lt "${#pids[@]}" ]; do
    for child in $(pgrep -P "${pids[$i]}" || true); do pids+=("$child"); done
    i=$((i + 1))
  done
  kill -TERM "${pids[@]}" 2>/dev/null || true
}
