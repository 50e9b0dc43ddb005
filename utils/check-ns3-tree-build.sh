#!/usr/bin/env bash
#
# check-ns3-tree-build.sh -- build and test the cell-free module *inside* a
# real ns-3.37 source tree (as contrib/cell-free), the way users consume it.
#
# What it does (every step is idempotent, so the script can be re-run):
#   1. installs the build dependencies with apt-get (Debian/Ubuntu), if missing;
#   2. obtains the ns-3.37 source (Debian 12 "ns3" source package via
#      `apt-get source`, adding a deb-src entry mirroring the machine's own
#      Debian entry if needed) and unpacks the pristine upstream ns-3.37 tree
#      it contains into $NS3_TREE_WORKDIR/ns-3.37;
#   3. symlinks (or copies) this repository into <tree>/contrib/cell-free;
#   4. ./ns3 configure --enable-examples --enable-tests --enable-modules=cell-free
#      (only cell-free and the ns-3 modules it depends on are built);
#   5. builds (cmake --build cmake-cache -j N, what `./ns3 build` runs, minus its nproc-1 cap);
#   6. runs every test suite whose name starts with "cell-free";
#   7. runs one (or all) in-tree built cell-free example(s).
# Steps 1-5 stop at the first failure; in 6-7 every suite/example is run and
# failures are collected. Exit status is non-zero if anything failed, and a
# summary says what (logs in $NS3_TREE_WORKDIR/logs).
#
# Environment knobs (all optional):
#   NS3_TREE_WORKDIR      work dir                     (/tmp/cell-free-ns3-tree)
#   NS3_ORIG_TARBALL      use this ns3_3.37.orig.tar.bz2 / ns-allinone-3.37.tar.bz2
#                         instead of fetching Debian's source package
#   NS3_BUILD_PROFILE     debug|default|release|optimized   (default)
#   NS3_JOBS              parallel build jobs          ($(nproc))
#   CELL_FREE_LINK_MODE   symlink|copy                 (symlink)
#   CELL_FREE_WERROR      1 = configure with --enable-werror            (0)
#   CELL_FREE_FILTER_TESTS 1 = only build tests/examples of cell-free,
#                         not of its dependency modules                  (1)
#   CELL_FREE_TEST_DRIVER runner|testpy                (runner)
#   CELL_FREE_FULLNESS    QUICK|EXTENSIVE|TAKES_FOREVER (QUICK)
#   CELL_FREE_EXAMPLE     example to run, e.g. cell-free-example (first one found)
#   CELL_FREE_EXAMPLE_ARGS arguments for that example  (none)
#   CELL_FREE_RUN_ALL_EXAMPLES 1 = run every built cell-free example    (0)
#   CELL_FREE_EXAMPLE_TIMEOUT seconds per example run  (900)
#   CELL_FREE_SKIP_DEPS   1 = do not touch apt at all (just check)      (0)
#   CELL_FREE_CLEAN       1 = wipe the tree's build/cmake-cache first   (0)
#   CELL_FREE_CONFIGURE_EXTRA extra args appended to `./ns3 configure`
#                         (e.g. "-- -DNS3_VERBOSE=ON")
set -euo pipefail

# ----------------------------------------------------------------------------
# Settings
# ----------------------------------------------------------------------------
MODULE_NAME=cell-free
NS3_VER=3.37
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
MODULE_DIR=$(cd "${SCRIPT_DIR}/.." && pwd -P)

WORKDIR=${NS3_TREE_WORKDIR:-/tmp/cell-free-ns3-tree}
PROFILE=${NS3_BUILD_PROFILE:-default}
JOBS=${NS3_JOBS:-$(nproc 2>/dev/null || echo 2)}
LINK_MODE=${CELL_FREE_LINK_MODE:-symlink}
WERROR=${CELL_FREE_WERROR:-0}
FILTER_TESTS=${CELL_FREE_FILTER_TESTS:-1}
TEST_DRIVER=${CELL_FREE_TEST_DRIVER:-runner}
FULLNESS=${CELL_FREE_FULLNESS:-QUICK}
EXAMPLE=${CELL_FREE_EXAMPLE:-}
EXAMPLE_ARGS=${CELL_FREE_EXAMPLE_ARGS:-}
RUN_ALL_EXAMPLES=${CELL_FREE_RUN_ALL_EXAMPLES:-0}
EXAMPLE_TIMEOUT=${CELL_FREE_EXAMPLE_TIMEOUT:-900}
SKIP_DEPS=${CELL_FREE_SKIP_DEPS:-0}
CLEAN=${CELL_FREE_CLEAN:-0}
CONFIGURE_EXTRA=${CELL_FREE_CONFIGURE_EXTRA:-}

TREE="${WORKDIR}/ns-${NS3_VER}"
SRCPKG_DIR="${WORKDIR}/source-package"
LOG_DIR="${WORKDIR}/logs"

DEB_PACKAGES=(cmake make g++ python3 tar bzip2 dpkg-dev
              libeigen3-dev nlohmann-json3-dev libboost-dev
              libgsl-dev libsqlite3-dev libxml2-dev)

case "${PROFILE}" in
    release) PROFILE_SUFFIX="" ;;
    debug | default | optimized | minsizerel) PROFILE_SUFFIX="-${PROFILE}" ;;
    *) echo "ERROR: unknown NS3_BUILD_PROFILE='${PROFILE}'" >&2; exit 2 ;;
esac

# ----------------------------------------------------------------------------
# Reporting helpers
# ----------------------------------------------------------------------------
CURRENT_STEP="startup"
declare -a RESULTS=()
FAILURES=0

log() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() {
    printf '\n\033[1;31mFAILED [%s]: %s\033[0m\n' "${CURRENT_STEP}" "$*" >&2
    exit 1
}
step() { CURRENT_STEP="$1"; log "$1"; }
record() { RESULTS+=("$1"); }

# shellcheck disable=SC2317 # invoked via trap
on_exit() {
    local rc=$?
    if ((${#RESULTS[@]})); then
        printf '\n==================== cell-free in-tree check summary ====================\n'
        printf '  %s\n' "${RESULTS[@]}"
    fi
    if ((rc != 0)); then
        printf '\033[1;31mRESULT: FAILED (exit %d) in step "%s"\033[0m\n' "${rc}" "${CURRENT_STEP}" >&2
        printf 'Logs: %s\n' "${LOG_DIR}" >&2
    else
        printf '\033[1;32mRESULT: OK\033[0m  (tree: %s)\n' "${TREE}"
    fi
}
trap on_exit EXIT

# Run a command, tee its output to a log file, fail the step on error.
run_logged() {
    local logfile="$1"
    shift
    note "\$ $*"
    note "(log: ${logfile})"
    if ! "$@" 2>&1 | tee "${logfile}"; then
        printf '\n---- last 40 lines of %s ----\n' "${logfile}" >&2
        tail -n 40 "${logfile}" >&2 || true
        return 1
    fi
}

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi
fi
as_root() {
    if [[ $(id -u) -ne 0 && ${#SUDO[@]} -eq 0 ]]; then
        die "need root (or sudo) to run: $*"
    fi
    "${SUDO[@]}" "$@"
}

mkdir -p "${WORKDIR}" "${LOG_DIR}"

# One run at a time per work dir.
if command -v flock >/dev/null 2>&1; then
    exec 9>"${WORKDIR}/.check-ns3-tree-build.lock"
    if ! flock -n 9; then
        note "another check is running in ${WORKDIR}; waiting for its lock..."
        flock 9
    fi
fi

echo "cell-free module dir : ${MODULE_DIR}"
echo "ns-3 work dir        : ${WORKDIR}"
echo "ns-3 tree            : ${TREE}"
echo "build profile        : ${PROFILE}   jobs: ${JOBS}"

[[ -f "${MODULE_DIR}/CMakeLists.txt" ]] ||
    { CURRENT_STEP="precheck"; die "${MODULE_DIR}/CMakeLists.txt not found: the module has no ns-3 build file yet"; }

# ----------------------------------------------------------------------------
# 1. Dependencies
# ----------------------------------------------------------------------------
step "1/7 dependencies"
have_apt=0
command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1 && have_apt=1

missing_pkgs() {
    local p
    for p in "${DEB_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "${p}" 2>/dev/null | grep -q "install ok installed"; then
            echo "${p}"
        fi
    done
}

APT_UPDATED=0
apt_update_once() {
    if ((APT_UPDATED == 0)); then
        run_logged "${LOG_DIR}/apt-update.log" as_root apt-get update || die "apt-get update failed"
        APT_UPDATED=1
    fi
}

if ((have_apt)); then
    mapfile -t MISSING < <(missing_pkgs)
    if ((${#MISSING[@]} == 0)); then
        note "all packages present: ${DEB_PACKAGES[*]}"
    elif [[ "${SKIP_DEPS}" == 1 ]]; then
        die "missing packages (CELL_FREE_SKIP_DEPS=1): ${MISSING[*]}"
    else
        note "installing: ${MISSING[*]}"
        apt_update_once
        run_logged "${LOG_DIR}/apt-install.log" as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y --no-install-recommends "${MISSING[@]}" ||
            die "apt-get install ${MISSING[*]} failed"
    fi
else
    note "apt-get not available; only checking for tools"
fi
for tool in cmake g++ python3 tar bzip2; do
    command -v "${tool}" >/dev/null 2>&1 || die "required tool '${tool}' not found"
done
record "PASS  dependencies"

# ----------------------------------------------------------------------------
# 2. ns-3.37 source
# ----------------------------------------------------------------------------
step "2/7 ns-${NS3_VER} source"

# Make sure some deb-src entry for Debian main exists, mirroring the deb entry.
ensure_deb_src() {
    # Already usable? (deb-src present and apt knows the ns3 source package)
    if apt-cache showsrc ns3 2>/dev/null | grep -q '^Package: ns3'; then
        return 0
    fi
    if grep -rhsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' \
        /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | grep -q .; then
        # deb-src configured but maybe never fetched: update and re-check
        apt_update_once
        if apt-cache showsrc ns3 2>/dev/null | grep -q '^Package: ns3'; then
            return 0
        fi
    fi
    local f uri=""
    # deb822 style (Debian 12 default: /etc/apt/sources.list.d/debian.sources)
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] || continue
        if grep -qE '^Suites:.*\b(bookworm|stable)\b' "$f" && grep -qE '^URIs:.*/debian/?$' "$f"; then
            uri=$(grep -m1 -E '^URIs:.*/debian/?$' "$f" | awk '{print $2}')
            break
        fi
    done
    # one-line style (/etc/apt/sources.list)
    if [[ -z "${uri}" ]]; then
        uri=$(grep -hsE '^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[a-z]+://[^ ]+/debian/?[[:space:]]+(bookworm|stable)[[:space:]]' \
            /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
            head -n1 | sed -E 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' | awk '{print $1}' || true)
    fi
    [[ -n "${uri}" ]] || die "no Debian 12 apt entry found to mirror as deb-src; set NS3_ORIG_TARBALL"
    local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    local target=/etc/apt/sources.list.d/cell-free-ns3-deb-src.sources
    note "adding deb-src entry '${uri} bookworm main' -> ${target}"
    {
        echo "Types: deb-src"
        echo "URIs: ${uri}"
        echo "Suites: bookworm"
        echo "Components: main"
        if [[ -f "${keyring}" ]]; then echo "Signed-By: ${keyring}"; fi
    } | as_root tee "${target}" >/dev/null
    APT_UPDATED=0
    apt_update_once
}

find_local_tarball() {
    local cand
    for cand in "${NS3_ORIG_TARBALL:-}" \
        "${SRCPKG_DIR}/ns3_${NS3_VER}.orig.tar.bz2" \
        "${SRCPKG_DIR}/ns-allinone-${NS3_VER}.tar.bz2"; do
        if [[ -n "${cand}" && -s "${cand}" ]]; then
            echo "${cand}"
            return 0
        fi
    done
    return 1
}

obtain_tarball() {
    local tb
    if tb=$(find_local_tarball); then echo "${tb}"; return 0; fi
    mkdir -p "${SRCPKG_DIR}"
    if ((have_apt)) && [[ "${SKIP_DEPS}" != 1 ]]; then
        ensure_deb_src >&2
        # apt may need to drop privileges to _apt; a world-writable dir avoids
        # the harmless "couldn't be accessed by user '_apt'" warning.
        chmod 0777 "${SRCPKG_DIR}" 2>/dev/null || true
        (cd "${SRCPKG_DIR}" && apt-get source --download-only ns3) \
            >"${LOG_DIR}/apt-source.log" 2>&1 ||
            note "apt-get source failed (see ${LOG_DIR}/apt-source.log)" >&2
        if tb=$(find_local_tarball); then echo "${tb}"; return 0; fi
    fi
    note "Debian source package for ns3 ${NS3_VER} not obtained; set NS3_ORIG_TARBALL" >&2
    return 1
}

if [[ -f "${TREE}/.cell-free-unpacked-ok" && -x "${TREE}/ns3" ]]; then
    note "using existing tree ${TREE}"
else
    TARBALL=$(obtain_tarball) || die "could not obtain the ns-${NS3_VER} source"
    note "unpacking ${TARBALL}"
    rm -rf "${TREE}" "${TREE}.tmp"
    mkdir -p "${TREE}.tmp"
    # Both the Debian orig tarball and the upstream one are ns-allinone-3.37/;
    # we only need its ns-3.37/ subdirectory (pristine upstream, no Debian
    # patches applied).
    tar -xjf "${TARBALL}" -C "${TREE}.tmp" --strip-components=2 \
        "ns-allinone-${NS3_VER}/ns-${NS3_VER}" ||
        die "failed to unpack ${TARBALL}"
    mv "${TREE}.tmp" "${TREE}"
    touch "${TREE}/.cell-free-unpacked-ok"
fi
[[ "$(cat "${TREE}/VERSION" 2>/dev/null)" == "${NS3_VER}" ]] ||
    die "${TREE}/VERSION is not ${NS3_VER}"
record "PASS  ns-${NS3_VER} source at ${TREE}"

# ----------------------------------------------------------------------------
# 3. Put the module into contrib/
# ----------------------------------------------------------------------------
step "3/7 link module into contrib/${MODULE_NAME} (${LINK_MODE})"
DEST="${TREE}/contrib/${MODULE_NAME}"
mkdir -p "${TREE}/contrib"
case "${LINK_MODE}" in
    symlink)
        if [[ -L "${DEST}" && "$(readlink -f "${DEST}")" == "${MODULE_DIR}" ]]; then
            note "symlink already in place"
        else
            rm -rf "${DEST}"
            ln -s "${MODULE_DIR}" "${DEST}"
        fi
        ;;
    copy)
        rm -rf "${DEST}"
        mkdir -p "${DEST}"
        # copy everything except VCS metadata and local build dirs
        (cd "${MODULE_DIR}" && tar --exclude=./.git --exclude=./build --exclude=./cmake-cache -cf - .) |
            (cd "${DEST}" && tar -xf -)
        ;;
    *) die "CELL_FREE_LINK_MODE must be symlink or copy" ;;
esac
# build/include/ns3/*.h are one-line stubs '#include "/abs/path.h"' written at
# configure time and never refreshed; drop the ones whose target vanished
# (e.g. a header renamed in the module) so they cannot shadow anything.
if [[ -d "${TREE}/build/include/ns3" ]]; then
    for stub in "${TREE}"/build/include/ns3/*.h; do
        [[ -f "${stub}" ]] || continue
        target=$(sed -nE '1s/^#include "(\/[^"]+)"$/\1/p' "${stub}")
        if [[ -n "${target}" && ! -e "${target}" ]]; then
            note "removing stale header stub $(basename "${stub}")"
            rm -f "${stub}"
        fi
    done
fi
note "${DEST} -> $(readlink -f "${DEST}")"
record "PASS  contrib/${MODULE_NAME}"

# ----------------------------------------------------------------------------
# 4. Configure
# ----------------------------------------------------------------------------
step "4/7 ns3 configure"
cd "${TREE}"
if [[ "${CLEAN}" == 1 ]]; then
    note "CELL_FREE_CLEAN=1: removing build/ and cmake-cache/"
    rm -rf build cmake-cache .lock-ns3_*_build
fi
CONF_ARGS=(configure -d "${PROFILE}" --enable-examples --enable-tests
           "--enable-modules=${MODULE_NAME}" --disable-python-bindings)
if [[ "${FILTER_TESTS}" == 1 ]]; then
    CONF_ARGS+=("--filter-module-examples-and-tests=${MODULE_NAME}")
else
    CONF_ARGS+=("--filter-module-examples-and-tests=")
fi
if [[ "${WERROR}" == 1 ]]; then CONF_ARGS+=(--enable-werror); else CONF_ARGS+=(--disable-werror); fi
if [[ -n "${CONFIGURE_EXTRA}" ]]; then
    # shellcheck disable=SC2206 # intentional word splitting of user extra args
    CONF_ARGS+=(${CONFIGURE_EXTRA})
fi
run_logged "${LOG_DIR}/configure.log" ./ns3 "${CONF_ARGS[@]}" || die "ns3 configure failed"
grep -qE "Processing contrib/${MODULE_NAME}\b" "${LOG_DIR}/configure.log" ||
    die "configure did not process contrib/${MODULE_NAME} (see ${LOG_DIR}/configure.log)"
if grep -qE '^CMake (Error|Warning)' "${LOG_DIR}/configure.log"; then
    note "configure printed CMake errors/warnings:"
    grep -nE -A4 '^CMake (Error|Warning)' "${LOG_DIR}/configure.log" | head -n 60 || true
    grep -qE '^CMake Error' "${LOG_DIR}/configure.log" && die "CMake errors during configure"
fi
# Which modules ended up enabled (from the lock file written by configure)
for lf in .lock-ns3_*_build; do
    [[ -f "${lf}" ]] && note "$(grep -E '^NS3_ENABLED_(MODULES|CONTRIBUTED_MODULES)' "${lf}" | tr -s ' ')"
done
record "PASS  configure"

# ----------------------------------------------------------------------------
# 5. Build
# ----------------------------------------------------------------------------
step "5/7 build (-j ${JOBS})"
# `./ns3 build` caps -j at nproc-1 (i.e. 1 job on a 2-core box), so drive the
# generated build system directly -- this is exactly what `./ns3 build` runs.
run_logged "${LOG_DIR}/build.log" cmake --build cmake-cache -j "${JOBS}" || die "build failed"
TEST_RUNNER="${TREE}/build/utils/ns${NS3_VER}-test-runner${PROFILE_SUFFIX}"
[[ -x "${TEST_RUNNER}" ]] || die "test runner ${TEST_RUNNER} was not built"
shopt -s nullglob
MODULE_LIBS=("${TREE}/build/lib/libns${NS3_VER}-${MODULE_NAME}${PROFILE_SUFFIX}".so*)
MODULE_TEST_LIBS=("${TREE}/build/lib/libns${NS3_VER}-${MODULE_NAME}-test${PROFILE_SUFFIX}".so*)
shopt -u nullglob
((${#MODULE_LIBS[@]})) || die "lib${MODULE_NAME} (libns${NS3_VER}-${MODULE_NAME}${PROFILE_SUFFIX}.so) was not built"
note "module library: ${MODULE_LIBS[0]}"
if ((${#MODULE_TEST_LIBS[@]})); then
    note "module test library: ${MODULE_TEST_LIBS[0]}"
else
    note "WARNING: no ${MODULE_NAME} test library built (TEST_SOURCES empty?)"
fi
record "PASS  build"

# ----------------------------------------------------------------------------
# 6. Test suites
# ----------------------------------------------------------------------------
step "6/7 ${MODULE_NAME}* test suites (${TEST_DRIVER}, ${FULLNESS})"
mapfile -t SUITES < <("${TEST_RUNNER}" --print-test-name-list | tr -d '\r' |
    sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' | grep -E "^${MODULE_NAME}" | sort -u)
((${#SUITES[@]})) || die "no test suite named '${MODULE_NAME}*' is registered in ${TEST_RUNNER}"
note "suites: ${SUITES[*]}"
SUITE_FAILS=()
for suite in "${SUITES[@]}"; do
    slog="${LOG_DIR}/test-${suite}.log"
    if [[ "${TEST_DRIVER}" == testpy ]]; then
        cmd=(./test.py --no-build --nocolor --fullness="${FULLNESS}" --suite="${suite}"
             --text="${LOG_DIR}/test-${suite}-details")
    else
        cmd=("${TEST_RUNNER}" --suite="${suite}" --fullness="${FULLNESS}" --verbose)
    fi
    printf '    [ RUN  ] %s\n' "${suite}"
    start=$(date +%s)
    if "${cmd[@]}" >"${slog}" 2>&1; then
        # test.py exits 0 even if a suite was skipped; catch "0 of 0"/SKIP
        if [[ "${TEST_DRIVER}" == testpy ]] && ! grep -qE "PASS: TestSuite ${suite}\s*$" "${slog}"; then
            SUITE_FAILS+=("${suite}")
            printf '    [ FAIL ] %s (not reported as PASS)\n' "${suite}"
            tail -n 30 "${slog}" | sed 's/^/        /'
            record "FAIL  test suite ${suite}"
            continue
        fi
        printf '    [  OK  ] %s (%ss)\n' "${suite}" "$(($(date +%s) - start))"
        record "PASS  test suite ${suite}"
    else
        SUITE_FAILS+=("${suite}")
        printf '    [ FAIL ] %s (%ss), log: %s\n' "${suite}" "$(($(date +%s) - start))" "${slog}"
        tail -n 40 "${slog}" | sed 's/^/        /'
        record "FAIL  test suite ${suite}"
    fi
done
if ((${#SUITE_FAILS[@]})); then
    FAILURES=$((FAILURES + ${#SUITE_FAILS[@]}))
    note "failed suites: ${SUITE_FAILS[*]}"
fi

# ----------------------------------------------------------------------------
# 7. Examples
# ----------------------------------------------------------------------------
step "7/7 in-tree ${MODULE_NAME} example(s)"
EX_DIR="${TREE}/build/contrib/${MODULE_NAME}/examples"
# Only examples of the *current* configuration: take them from the lock file
# written by configure (stale binaries of an earlier module version may still
# sit in ${EX_DIR}).
EX_BINS=()
LOCK_FILE="${TREE}/.lock-ns3_$(uname -s | tr '[:upper:]' '[:lower:]')_build"
if [[ -f "${LOCK_FILE}" ]]; then
    mapfile -t EX_BINS < <(grep -E '^ns3_runnable_programs' "${LOCK_FILE}" |
        grep -oE "'[^']*/build/contrib/${MODULE_NAME}/examples/[^']*'" | tr -d "'" |
        while read -r b; do [[ -x "$b" ]] && echo "$b"; done | sort)
else
    shopt -s nullglob
    EX_BINS=("${EX_DIR}/ns${NS3_VER}-"*"${PROFILE_SUFFIX}")
    shopt -u nullglob
fi
if ((${#EX_BINS[@]} == 0)); then
    if [[ -f "${MODULE_DIR}/examples/CMakeLists.txt" ]]; then
        die "no example binaries in ${EX_DIR}. build_lib_example() silently skips an example when one of its LIBRARIES_TO_LINK is not an enabled ns-3 module (e.g. Eigen3::Eigen) - link third-party targets through build_lib instead"
    fi
    note "module has no examples/CMakeLists.txt; nothing to run"
    record "SKIP  examples (none defined)"
else
    ex_name() { local b; b=$(basename "$1"); b=${b#ns"${NS3_VER}"-}; echo "${b%"${PROFILE_SUFFIX}"}"; }
    note "built examples: $(for b in "${EX_BINS[@]}"; do printf '%s ' "$(ex_name "$b")"; done)"
    TO_RUN=()
    if [[ "${RUN_ALL_EXAMPLES}" == 1 ]]; then
        TO_RUN=("${EX_BINS[@]}")
    elif [[ -n "${EXAMPLE}" ]]; then
        bin="${EX_DIR}/ns${NS3_VER}-${EXAMPLE}${PROFILE_SUFFIX}"
        [[ -x "${bin}" ]] || die "requested example '${EXAMPLE}' not built (${bin})"
        TO_RUN=("${bin}")
    else
        TO_RUN=("${EX_BINS[0]}")
    fi
    for bin in "${TO_RUN[@]}"; do
        name=$(ex_name "${bin}")
        elog="${LOG_DIR}/example-${name}.log"
        # shellcheck disable=SC2206 # intentional word splitting of user args
        args=(${EXAMPLE_ARGS})
        printf '    [ RUN  ] %s %s\n' "${name}" "${args[*]:-}"
        start=$(date +%s)
        # run from the ns-3 top dir, like `./ns3 run` does
        if (cd "${TREE}" && timeout "${EXAMPLE_TIMEOUT}" "${bin}" "${args[@]}") >"${elog}" 2>&1; then
            printf '    [  OK  ] %s (%ss), log: %s\n' "${name}" "$(($(date +%s) - start))" "${elog}"
            tail -n 10 "${elog}" | sed 's/^/        /'
            record "PASS  example ${name}"
        else
            rc=$?
            printf '    [ FAIL ] %s (exit %d%s), log: %s\n' "${name}" "${rc}" \
                "$([[ ${rc} == 124 ]] && echo ", timeout ${EXAMPLE_TIMEOUT}s")" "${elog}"
            tail -n 40 "${elog}" | sed 's/^/        /'
            record "FAIL  example ${name}"
            FAILURES=$((FAILURES + 1))
        fi
    done
fi

if ((FAILURES)); then
    CURRENT_STEP="tests/examples"
    exit 1
fi
exit 0
