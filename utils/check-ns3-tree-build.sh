#!/usr/bin/env bash
#
# check-ns3-tree-build.sh -- build and test the cell-free module *inside* a
# real ns-3 source tree (as contrib/cell-free), the way users consume it.
#
# Usage: check-ns3-tree-build.sh [--version X.Y] [--tree DIR]
#   --version X.Y   ns-3 release to check (or NS3_VERSION=X.Y; default 3.37)
#   --tree DIR      use this existing ns-3 source tree (or NS3_TREE=DIR); its
#                   VERSION file names the release
#
# What it does (every step is idempotent, so the script can be re-run):
#   1. installs the build dependencies with apt-get (Debian/Ubuntu), if missing;
#   2. obtains the ns-X.Y source into $NS3_TREE_WORKDIR/ns-X.Y (unless --tree),
#      from the first of: NS3_ORIG_TARBALL; `git archive ns-X.Y` of NS3_GIT_DIR;
#      for 3.37, Debian 12's "ns3" source package (`apt-get source`, adding a
#      deb-src entry mirroring the machine's own Debian entry if needed);
#      otherwise the release tarball from nsnam.org (CELL_FREE_NO_DOWNLOAD=1
#      turns that off and fails naming what to set);
#   3. symlinks (or copies) this repository into <tree>/contrib/cell-free;
#   4. configures with --enable-examples --enable-tests --enable-modules=cell-free
#      (only cell-free and the ns-3 modules it depends on are built):
#      ./ns3 configure for CMake trees (ns-3.36 and newer), ./waf configure for
#      waf trees (ns-3.35 and older);
#   5. builds (cmake --build cmake-cache -j N, what `./ns3 build` runs, minus its
#      nproc-1 cap; ./waf build -j N) and checks that every ns3/ header the
#      module includes was taken from this tree, not from an installed ns-3;
#   6. runs every test suite whose name starts with "cell-free";
#   7. runs one (or all) in-tree built cell-free example(s).
# Steps 1-5 stop at the first failure; in 6-7 every suite/example is run and
# failures are collected. Exit status is non-zero if anything failed, and a
# summary says what (logs in $NS3_TREE_WORKDIR/logs/ns-X.Y, or
# <tree>/cell-free-logs with --tree).
#
# Environment knobs (all optional):
#   NS3_VERSION           ns-3 release, e.g. 3.44      (3.37; --version)
#   NS3_TREE              existing ns-3 source tree    (none; --tree)
#   NS3_GIT_DIR           ns-3 git repository (bare or not) with the release
#                         tags ns-X.Y, to export the tree from       (none)
#   NS3_TREE_WORKDIR      work dir                     (/tmp/cell-free-ns3-tree)
#   NS3_ORIG_TARBALL      use this ns3_X.Y.orig.tar.bz2 / ns-allinone-X.Y.tar.bz2
#                         instead of fetching one
#   CELL_FREE_NO_DOWNLOAD 1 = never download the release tarball       (0)
#   NS3_BUILD_PROFILE     debug|default|release|optimized   (default; for waf
#                         trees "default" is waf's debug profile, ns-3's asserts
#                         and logs on, compiled like CMake's default profile with
#                         CXXFLAGS="-O2 -g -DNDEBUG -Wall" unless CXXFLAGS is set)
#   NS3_JOBS              parallel build jobs          ($(nproc))
#   CELL_FREE_WITH_TORCH  1 = build the GAT trainer (needs libtorch-dev),
#                         0 = everything else, without LibTorch         (1)
#   CELL_FREE_LINK_MODE   symlink|copy                 (symlink)
#   CELL_FREE_WERROR      1 = configure with --enable-werror            (0)
#   CELL_FREE_FILTER_TESTS 1 = only build tests/examples of cell-free,
#                         not of its dependency modules (CMake trees)    (1)
#   CELL_FREE_TEST_DRIVER runner|testpy                (runner)
#   CELL_FREE_FULLNESS    QUICK|EXTENSIVE|TAKES_FOREVER (QUICK)
#   CELL_FREE_EXAMPLE     example to run, e.g. cell-free-example (first one found)
#   CELL_FREE_EXAMPLE_ARGS arguments for that example  (none)
#   CELL_FREE_RUN_ALL_EXAMPLES 1 = run every built cell-free example    (0)
#   CELL_FREE_EXAMPLE_TIMEOUT seconds per example run  (900)
#   CELL_FREE_SKIP_DEPS   1 = do not touch apt at all (just check)      (0)
#   CELL_FREE_CLEAN       1 = wipe the tree's build/cmake-cache first   (0)
#   CELL_FREE_CONFIGURE_EXTRA extra args appended to `./ns3 configure` or
#                         `./waf configure` (e.g. "-- -DNS3_VERBOSE=ON")
set -euo pipefail

# ----------------------------------------------------------------------------
# Settings
# ----------------------------------------------------------------------------
MODULE_NAME=cell-free
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
MODULE_DIR=$(cd "${SCRIPT_DIR}/.." && pwd -P)

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }
OPT_VERSION=""
OPT_TREE=""
while (($#)); do
    case "$1" in
        --version) OPT_VERSION=${2:?--version needs X.Y}; shift 2 ;;
        --version=*) OPT_VERSION=${1#--version=}; shift ;;
        --tree) OPT_TREE=${2:?--tree needs a directory}; shift 2 ;;
        --tree=*) OPT_TREE=${1#--tree=}; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "ERROR: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
NS3_VER=${OPT_VERSION:-${NS3_VERSION:-}}
USER_TREE=${OPT_TREE:-${NS3_TREE:-}}
if [[ -n "${USER_TREE}" ]]; then
    [[ -d "${USER_TREE}" ]] || { echo "ERROR: ns-3 tree '${USER_TREE}' is not a directory" >&2; exit 2; }
    USER_TREE=$(cd "${USER_TREE}" && pwd -P)
    TREE_VER=$(tr -d '[:space:]' <"${USER_TREE}/VERSION" 2>/dev/null || true)
    [[ -n "${TREE_VER}" ]] || { echo "ERROR: ${USER_TREE}/VERSION missing: not an ns-3 source tree" >&2; exit 2; }
    if [[ -n "${NS3_VER}" && "${NS3_VER}" != "${TREE_VER}" ]]; then
        echo "ERROR: ${USER_TREE} is ns-${TREE_VER}, not the requested ${NS3_VER}" >&2
        exit 2
    fi
    NS3_VER=${TREE_VER}
fi
NS3_VER=${NS3_VER:-3.37}
NS3_VER=${NS3_VER#ns-}
[[ "${NS3_VER}" =~ ^3\.[0-9]+(\.[0-9]+)?$ ]] || { echo "ERROR: '${NS3_VER}' is not an ns-3 release (3.NN)" >&2; exit 2; }

WORKDIR=${NS3_TREE_WORKDIR:-/tmp/cell-free-ns3-tree}
PROFILE=${NS3_BUILD_PROFILE:-default}
JOBS=${NS3_JOBS:-$(nproc 2>/dev/null || echo 2)}
WITH_TORCH=${CELL_FREE_WITH_TORCH:-1}
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
NO_DOWNLOAD=${CELL_FREE_NO_DOWNLOAD:-0}
CONFIGURE_EXTRA=${CELL_FREE_CONFIGURE_EXTRA:-}
case "${WITH_TORCH}" in
    1 | ON | on | yes) WITH_TORCH=1 ;;
    0 | OFF | off | no) WITH_TORCH=0 ;;
    *) echo "ERROR: CELL_FREE_WITH_TORCH must be 1 or 0" >&2; exit 2 ;;
esac

if [[ -n "${USER_TREE}" ]]; then
    TREE="${USER_TREE}"
    LOG_DIR="${TREE}/cell-free-logs"
else
    TREE="${WORKDIR}/ns-${NS3_VER}"
    LOG_DIR="${WORKDIR}/logs/ns-${NS3_VER}"
fi
SRCPKG_DIR="${WORKDIR}/source-package"
DOWNLOAD_DIR="${WORKDIR}/downloads"

# What the module needs (README "Building"): the header-only libraries, the
# libraries ns-3 links when found, and LibTorch for the GAT trainer only.
DEB_PACKAGES=(cmake make g++ python3 tar bzip2 dpkg-dev pkg-config
              libeigen3-dev nlohmann-json3-dev libboost-dev
              libgsl-dev libsqlite3-dev libxml2-dev)
# (the reference BLAS that libtorch-dev pulls in is ~10x slower than OpenBLAS)
if ((WITH_TORCH)); then DEB_PACKAGES+=(libtorch-dev libopenblas0-openmp); fi

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

# One run at a time per tree.
if command -v flock >/dev/null 2>&1; then
    exec 9>"${LOG_DIR}/.check-ns3-tree-build.lock"
    if ! flock -n 9; then
        note "another check is running on ${TREE}; waiting for its lock..."
        flock 9
    fi
fi

echo "cell-free module dir : ${MODULE_DIR}"
echo "ns-3 release         : ${NS3_VER}"
echo "ns-3 tree            : ${TREE}"
echo "build profile        : ${PROFILE}   jobs: ${JOBS}   GAT trainer (LibTorch): $( ((WITH_TORCH)) && echo yes || echo no)"

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
for tool in cmake g++ python3 tar bzip2 pkg-config; do
    command -v "${tool}" >/dev/null 2>&1 || die "required tool '${tool}' not found"
done
record "PASS  dependencies"

# ----------------------------------------------------------------------------
# 2. ns-3 source
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
    [[ -n "${uri}" ]] || die "no Debian 12 apt entry found to mirror as deb-src; set NS3_ORIG_TARBALL or NS3_GIT_DIR"
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
        "${SRCPKG_DIR}/ns-allinone-${NS3_VER}.tar.bz2" \
        "${DOWNLOAD_DIR}/ns-allinone-${NS3_VER}.tar.bz2"; do
        if [[ -n "${cand}" && -s "${cand}" ]]; then
            echo "${cand}"
            return 0
        fi
    done
    return 1
}

# Debian 12 ships ns-3.37 only: its source package is one way to get that release.
obtain_debian_tarball() {
    local tb
    [[ "${NS3_VER}" == 3.37 ]] || return 1
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
    note "Debian source package for ns3 ${NS3_VER} not obtained" >&2
    return 1
}

download_tarball() {
    local url="https://www.nsnam.org/releases/ns-allinone-${NS3_VER}.tar.bz2"
    local out="${DOWNLOAD_DIR}/ns-allinone-${NS3_VER}.tar.bz2"
    [[ "${NO_DOWNLOAD}" != 1 ]] || return 1
    mkdir -p "${DOWNLOAD_DIR}"
    note "downloading ${url}" >&2
    if command -v curl >/dev/null 2>&1; then
        curl -fL --retry 2 -o "${out}.part" "${url}" >"${LOG_DIR}/download.log" 2>&1 || return 1
    elif command -v wget >/dev/null 2>&1; then
        wget -O "${out}.part" "${url}" >"${LOG_DIR}/download.log" 2>&1 || return 1
    else
        note "neither curl nor wget is installed" >&2
        return 1
    fi
    mv "${out}.part" "${out}"
    echo "${out}"
}

# git archive of the release tag. A repository without the LTE fading traces
# (large files some mirrors leave out; cell-free needs no LTE) is exported
# without them.
export_from_git() {
    local tag="ns-${NS3_VER}" dest="$1"
    git --git-dir="${NS3_GIT_DIR}" rev-parse -q --verify "${tag}^{commit}" >/dev/null ||
        die "NS3_GIT_DIR=${NS3_GIT_DIR} has no tag ${tag}"
    note "git archive ${tag} of ${NS3_GIT_DIR}"
    if git --git-dir="${NS3_GIT_DIR}" archive "${tag}" 2>"${LOG_DIR}/git-archive.log" |
        tar -x -C "${dest}" 2>>"${LOG_DIR}/git-archive.log"; then
        return 0
    fi
    note "plain export failed (see ${LOG_DIR}/git-archive.log); retrying without src/lte/model/fading-traces"
    rm -rf "${dest:?}"/* "${dest:?}"/.[!.]* 2>/dev/null || true
    git --git-dir="${NS3_GIT_DIR}" archive "${tag}" -- . ':!src/lte/model/fading-traces' \
        2>>"${LOG_DIR}/git-archive.log" | tar -x -C "${dest}" ||
        die "git archive ${tag} failed (see ${LOG_DIR}/git-archive.log)"
}

if [[ -n "${USER_TREE}" ]]; then
    note "using the given tree ${TREE}"
    SOURCE_DESC="given tree"
elif [[ -f "${TREE}/.cell-free-unpacked-ok" && -f "${TREE}/VERSION" ]]; then
    note "using existing tree ${TREE}"
    SOURCE_DESC="existing tree"
else
    rm -rf "${TREE}" "${TREE}.tmp"
    mkdir -p "${TREE}.tmp"
    if [[ -z "${NS3_ORIG_TARBALL:-}" && -n "${NS3_GIT_DIR:-}" ]]; then
        command -v git >/dev/null 2>&1 || die "NS3_GIT_DIR is set but git is not installed"
        export_from_git "${TREE}.tmp"
        SOURCE_DESC="git archive ns-${NS3_VER} of ${NS3_GIT_DIR}"
    else
        TARBALL=$(find_local_tarball || obtain_debian_tarball || download_tarball) ||
            die "no ns-${NS3_VER} source: set NS3_GIT_DIR (git repository with tag ns-${NS3_VER}), NS3_ORIG_TARBALL (ns-allinone-${NS3_VER}.tar.bz2) or NS3_TREE (source tree)"
        note "unpacking ${TARBALL}"
        # The Debian orig tarball and the upstream one are both
        # ns-allinone-X.Y/; only its ns-X.Y/ subdirectory is needed (pristine
        # upstream, no Debian patches applied).
        tar -xjf "${TARBALL}" -C "${TREE}.tmp" --strip-components=2 \
            "ns-allinone-${NS3_VER}/ns-${NS3_VER}" ||
            die "failed to unpack ${TARBALL}"
        SOURCE_DESC="${TARBALL}"
    fi
    mv "${TREE}.tmp" "${TREE}"
    touch "${TREE}/.cell-free-unpacked-ok"
fi
[[ "$(tr -d '[:space:]' <"${TREE}/VERSION" 2>/dev/null)" == "${NS3_VER}" ]] ||
    die "${TREE}/VERSION is not ${NS3_VER}"
# CMake trees (ns-3.36 and newer) have ./ns3, waf trees (3.35 and older) ./waf.
if [[ -x "${TREE}/ns3" && -f "${TREE}/CMakeLists.txt" ]]; then
    BUILD_SYSTEM=cmake
elif [[ -f "${TREE}/waf" && -f "${TREE}/wscript" ]]; then
    BUILD_SYSTEM=waf
else
    die "${TREE} has neither ./ns3 (CMake) nor ./waf: not an ns-3 source tree"
fi
if [[ "${BUILD_SYSTEM}" == cmake ]]; then
    case "${PROFILE}" in
        release) PROFILE_SUFFIX="" ;;
        debug | default | optimized | minsizerel) PROFILE_SUFFIX="-${PROFILE}" ;;
        *) die "unknown NS3_BUILD_PROFILE='${PROFILE}'" ;;
    esac
else
    # waf profiles are debug, optimized and release; "default" (the CMake
    # profile: ns-3's asserts and logs, optimised with debug information and
    # NDEBUG, i.e. no assert() or Eigen assertions) is waf's debug profile with
    # CXXFLAGS="-O2 -g -DNDEBUG -Wall".
    case "${PROFILE}" in
        default) WAF_PROFILE=debug ;;
        debug | optimized | release) WAF_PROFILE=${PROFILE} ;;
        *) die "unknown NS3_BUILD_PROFILE='${PROFILE}' for a waf tree" ;;
    esac
    PROFILE_SUFFIX="-${WAF_PROFILE}"
fi
record "PASS  ns-${NS3_VER} source at ${TREE} (${SOURCE_DESC}; ${BUILD_SYSTEM})"

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
step "4/7 configure (${BUILD_SYSTEM})"
cd "${TREE}"
if [[ "${CLEAN}" == 1 ]]; then
    note "CELL_FREE_CLEAN=1: removing build/ and cmake-cache/"
    rm -rf build cmake-cache .lock-ns3_*_build .lock-waf_*_build
fi
configure_start=$(date +%s)
if [[ "${BUILD_SYSTEM}" == cmake ]]; then
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
    if ((!WITH_TORCH)); then
        # after ./ns3's own options, "--" passes the rest to CMake
        [[ " ${CONF_ARGS[*]} " == *" -- "* ]] || CONF_ARGS+=(--)
        CONF_ARGS+=(-DCELL_FREE_WITH_TORCH=OFF)
    fi
    run_logged "${LOG_DIR}/configure.log" ./ns3 "${CONF_ARGS[@]}" || die "ns3 configure failed"
    grep -qE "Processing contrib/${MODULE_NAME}\b" "${LOG_DIR}/configure.log" ||
        die "configure did not process contrib/${MODULE_NAME} (see ${LOG_DIR}/configure.log)"
    if grep -qE '^CMake (Error|Warning)' "${LOG_DIR}/configure.log"; then
        note "configure printed CMake errors/warnings:"
        grep -nE -A4 '^CMake (Error|Warning)' "${LOG_DIR}/configure.log" | head -n 60 || true
        grep -qE '^CMake Error' "${LOG_DIR}/configure.log" && die "CMake errors during configure"
    fi
    grep -qE 'CCache is enabled' "${LOG_DIR}/configure.log" && note "ccache: enabled by ns-3's CMake"
    # Which modules ended up enabled (from the lock file written by configure)
    for lf in .lock-ns3_*_build; do
        [[ -f "${lf}" ]] && note "$(grep -E '^NS3_ENABLED_(MODULES|CONTRIBUTED_MODULES)' "${lf}" | tr -s ' ')"
    done
else
    CONF_ARGS=(configure -d "${WAF_PROFILE}" --enable-examples --enable-tests
               "--enable-modules=${MODULE_NAME}" --disable-python)
    if [[ "${WERROR}" != 1 ]]; then CONF_ARGS+=(--disable-werror); fi
    if [[ -n "${CONFIGURE_EXTRA}" ]]; then
        # shellcheck disable=SC2206 # intentional word splitting of user extra args
        CONF_ARGS+=(${CONFIGURE_EXTRA})
    fi
    WAF_ENV=("CELL_FREE_WITH_TORCH=${WITH_TORCH}")
    if [[ "${PROFILE}" == default && -z "${CXXFLAGS:-}" ]]; then WAF_ENV+=("CXXFLAGS=-O2 -g -DNDEBUG -Wall"); fi
    # waf, unlike ns-3's CMake, does not pick up ccache on its own
    if [[ -z "${CXX:-}" ]] && command -v ccache >/dev/null 2>&1; then WAF_ENV+=("CXX=ccache g++"); fi
    run_logged "${LOG_DIR}/configure.log" env "${WAF_ENV[@]}" python3 ./waf "${CONF_ARGS[@]}" ||
        die "waf configure failed"
    grep -qE "Found contrib module +: ${MODULE_NAME}\b" "${LOG_DIR}/configure.log" ||
        die "configure did not find contrib/${MODULE_NAME} (see ${LOG_DIR}/configure.log)"
fi
record "PASS  configure ($(($(date +%s) - configure_start)) s)"

# ----------------------------------------------------------------------------
# 5. Build
# ----------------------------------------------------------------------------
step "5/7 build (-j ${JOBS})"
build_start=$(date +%s)
if [[ "${BUILD_SYSTEM}" == cmake ]]; then
    # `./ns3 build` caps -j at nproc-1 (i.e. 1 job on a 2-core box), so drive the
    # generated build system directly -- this is exactly what `./ns3 build` runs.
    run_logged "${LOG_DIR}/build.log" cmake --build cmake-cache -j "${JOBS}" || die "build failed"
    INCLUDE_DIR="${TREE}/build/include/ns3"
else
    run_logged "${LOG_DIR}/build.log" python3 ./waf build -j "${JOBS}" || die "build failed"
    INCLUDE_DIR="${TREE}/build/ns3"
    # waf's programs find the ns-3 libraries through LD_LIBRARY_PATH (./waf --run sets it)
    export LD_LIBRARY_PATH="${TREE}/build/lib${LD_LIBRARY_PATH:+:${LD_LIBRARY_PATH}}"
fi
BUILD_SECONDS=$(($(date +%s) - build_start))
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
# Every ns3/ header the module includes must be one of this tree's: a header no
# enabled module provides would silently come from an installed ns-3 (e.g.
# Debian's /usr/include/ns3, another release) on the compiler's default path.
mapfile -t FOREIGN < <(cd "${MODULE_DIR}" &&
    grep -ohE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"ns3/[^"]+"' \
        model/*.h model/*.cc helper/*.h helper/*.cc test/*.cc examples/*.cc 2>/dev/null |
    sed -E 's/.*"ns3\/([^"]+)".*/\1/' | sort -u |
    while read -r h; do
        [[ -e "${INCLUDE_DIR}/${h}" ]] && continue
        # LibTorch-only sources are not built without LibTorch
        ((WITH_TORCH)) || [[ "${h}" != cell-free-gat-model.h ]] || continue
        echo "${h}"
    done)
((${#FOREIGN[@]} == 0)) ||
    die "headers the module includes but this tree does not provide (${INCLUDE_DIR}): ${FOREIGN[*]}"
note "every ns3/ header the module includes is in ${INCLUDE_DIR}"
record "PASS  build (${BUILD_SECONDS} s, -j ${JOBS})"

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
record "----  suites passed: $((${#SUITES[@]} - ${#SUITE_FAILS[@]})) of ${#SUITES[@]}"

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
