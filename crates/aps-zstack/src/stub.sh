#!/usr/bin/env bash
# ZStack Cloud Application Market installer, made by aps-pack.
#   application @APP_ID@, architecture @ARCH@, version @VERSION@
# Usage: bash THIS_FILE [REPO_PATH]      (bash THIS_FILE --help for more)
#
# Layout: this bash text, padded to a multiple of 512 bytes, then the payload
# from byte APS_PAYLOAD_OFFSET to the end of the file: an uncompressed tar of
# application.tar.gz, image.qcow2 (when shipped) and info. The payload is
# found by byte offset, never by line, and its size and SHA-256 (below) are
# checked before anything in the repository changes. This text checks itself
# first: the last 64 characters before the payload are the SHA-256 of every
# byte before them, so a damaged member table, offset or line of this script
# is refused before any of it is trusted. Needs bash and coreutils.
if [ -z "${BASH_VERSION:-}" ]; then
    echo "error: run this installer with bash: bash $0 [REPO_PATH]" >&2
    exit 2
fi

set -u
set -o pipefail
export LC_ALL=C
umask 022
shopt -s nullglob
shopt -u dotglob failglob

readonly APS_FORMAT=1
readonly APS_APP_ID='@APP_ID@'
readonly APS_ARCH='@ARCH@'
readonly APS_VERSION='@VERSION@'
readonly APS_PAYLOAD_OFFSET=@PAYLOAD_OFFSET@
readonly APS_PAYLOAD_SIZE=@PAYLOAD_SIZE@
readonly APS_PAYLOAD_SHA256=@PAYLOAD_SHA256@
# One line per payload member: name, offset of its data in the payload, size, SHA-256.
readonly APS_MEMBERS='@MEMBERS@'
readonly APS_DEFAULT_REPO=/opt/zstack-marketplace-repo

readonly EXIT_USAGE=2 EXIT_NO_REPO=3 EXIT_SIZE=4 EXIT_CHECKSUM=5 EXIT_NO_SPACE=6 EXIT_WRITE=7 EXIT_NO_TOOL=8

SELF=${BASH_SOURCE[0]}
STAGE=''
OLD=''
STUB_OK=0
FINAL=''
TMP_INDEX=''
INDEX_BODY=''

say() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    local code=$1
    shift
    printf 'error: %s\n' "$*" >&2
    exit "$code"
}

usage() {
    cat <<EOF
Installs $APS_APP_ID $APS_ARCH $APS_VERSION into a ZStack Cloud Application Market repository.

Usage:
  bash $SELF [REPO_PATH]   install into REPO_PATH (default $APS_DEFAULT_REPO):
        REPO_PATH/$APS_APP_ID/$APS_ARCH/$APS_VERSION/application.tar.gz (+ image.qcow2),
        then regenerate REPO_PATH/index.json
  bash $SELF --check       verify this file (size and SHA-256); change nothing
  bash $SELF --list        show what this file holds
  bash $SELF --help        show this help

The payload's size and SHA-256 are checked before anything in the repository
changes. The version folder is staged beside its final place and renamed in,
so an interrupted install leaves the repository as it was; installing the same
file again changes nothing. A file without image keeps an image already
installed for this version. Needs bash and coreutils only (no Python).

Exit codes:
  0  success
  2  bad usage
  3  the repository folder does not exist
  4  this file is truncated or has extra bytes (copy it again)
  5  this file is damaged: SHA-256 mismatch (copy it again)
  6  not enough free space in the repository
  7  the repository could not be written (permissions, I/O error); it is left as it was
  8  a required command is missing
EOF
}

usage_error() {
    printf 'error: %s\n' "$1" >&2
    printf 'usage: bash %s [--check | --list | --help] [REPO_PATH]\n' "$SELF" >&2
    exit "$EXIT_USAGE"
}

cleanup() {
    if [ -n "$STAGE" ]; then
        rm -rf -- "$STAGE"
    fi
    if [ -n "$OLD" ]; then
        # Interrupted between moving the previous version aside and moving the
        # new one in: put the previous one back.
        if [ ! -e "$FINAL" ]; then
            mv -T -- "$OLD" "$FINAL" || warn "the previous version is kept in $OLD"
        else
            rm -rf -- "$OLD"
        fi
    fi
    if [ -n "$TMP_INDEX" ]; then
        rm -f -- "$TMP_INDEX"
    fi
}

HASHER=sha256sum

# OpenSSL, when present and right on a known digest, hashes with the CPU's SHA
# instructions: several times faster than coreutils on multi-gigabyte images.
# Otherwise coreutils' sha256sum does it.
require_tools() {
    local tool empty
    if command -v openssl >/dev/null 2>&1; then
        empty=$(printf '' | openssl dgst -sha256 -r 2>/dev/null) || empty=''
        if [ "${empty%% *}" = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 ]; then
            HASHER=openssl
        fi
    fi
    for tool in cat chmod cp date df head ln mkdir mktemp mv rm tail tee wc; do
        command -v "$tool" >/dev/null 2>&1 || die "$EXIT_NO_TOOL" "required command '$tool' not found (install coreutils)"
    done
    if [ "$HASHER" = sha256sum ] && ! command -v sha256sum >/dev/null 2>&1; then
        die "$EXIT_NO_TOOL" "required command 'sha256sum' not found (install coreutils)"
    fi
}

# SHA-256 of standard input, as printed by sha256sum (hex, a space, a name).
sha256_stdin() {
    if [ "$HASHER" = openssl ]; then
        openssl dgst -sha256 -r
    else
        sha256sum
    fi
}

# Size of a file in bytes, digits only (busybox wc pads with spaces).
file_size() {
    local n
    n=$(wc -c <"$1") || return 1
    printf '%s' "${n//[!0-9]/}"
}

# The stub's own digest: computed over bytes [0, OFFSET-65), stored in the
# 64 bytes before the final newline of the stub.
verify_stub() {
    local want got
    case $APS_PAYLOAD_OFFSET in
    '' | *[!0-9]*) die "$EXIT_CHECKSUM" "$SELF is damaged: its payload offset is not a number; copy it again" ;;
    esac
    [ "$APS_PAYLOAD_OFFSET" -gt 66 ] || die "$EXIT_CHECKSUM" "$SELF is damaged: its payload offset is too small; copy it again"
    want=$(head -c "$((APS_PAYLOAD_OFFSET - 1))" -- "$SELF" | tail -c 64) || die "$EXIT_SIZE" "cannot read $SELF"
    got=$(head -c "$((APS_PAYLOAD_OFFSET - 65))" -- "$SELF" | sha256_stdin) || die "$EXIT_SIZE" "cannot read $SELF"
    got=${got%% *}
    if [ "${#want}" != 64 ] || [ "$got" != "$want" ]; then
        die "$EXIT_CHECKSUM" "checksum mismatch: the installer's own text (member table included) has SHA-256 $got, expected $want; $SELF is damaged, copy it again"
    fi
    STUB_OK=1
}

verify_payload() {
    local expected=$((APS_PAYLOAD_OFFSET + APS_PAYLOAD_SIZE)) actual sum
    actual=$(file_size "$SELF") || die "$EXIT_SIZE" "cannot read $SELF"
    if [ "$actual" != "$expected" ]; then
        if [ "$actual" -lt "$expected" ]; then
            die "$EXIT_SIZE" "$SELF is truncated: $actual bytes, expected $expected; copy it again"
        fi
        die "$EXIT_SIZE" "$SELF has $((actual - expected)) unexpected extra bytes (expected $expected); copy it again"
    fi
    say "Verifying the payload ($APS_PAYLOAD_SIZE bytes, SHA-256)..."
    sum=$(tail -c "+$((APS_PAYLOAD_OFFSET + 1))" -- "$SELF" | sha256_stdin) || die "$EXIT_SIZE" "cannot read $SELF"
    sum=${sum%% *}
    if [ "$sum" != "$APS_PAYLOAD_SHA256" ]; then
        die "$EXIT_CHECKSUM" "checksum mismatch: the payload's SHA-256 is $sum, expected $APS_PAYLOAD_SHA256; $SELF is damaged, copy it again"
    fi
}

list_payload() {
    local name off size sum
    say "application   $APS_APP_ID"
    say "architecture  $APS_ARCH"
    say "version       $APS_VERSION"
    say "payload       $APS_PAYLOAD_SIZE bytes from byte $APS_PAYLOAD_OFFSET, SHA-256 $APS_PAYLOAD_SHA256"
    while read -r name off size sum; do
        printf '  %-20s %14s bytes  sha256 %s\n' "$name" "$size" "$sum"
    done <<<"$APS_MEMBERS"
    say "(run with --check to verify)"
}

# The members copied into the repository.
installed_members() {
    local name off size sum
    while read -r name off size sum; do
        case $name in
        application.tar.gz | image.qcow2) printf '%s %s %s %s\n' "$name" "$off" "$size" "$sum" ;;
        esac
    done <<<"$APS_MEMBERS"
}

has_image() {
    case $'\n'"$APS_MEMBERS" in
    *$'\n'"image.qcow2 "*) return 0 ;;
    esac
    return 1
}

# Whether FINAL already holds exactly the files this installer would put there.
already_installed() {
    local name off size sum actual
    [ -d "$FINAL" ] || return 1
    while read -r name off size sum; do
        [ -f "$FINAL/$name" ] || return 1
        actual=$(file_size "$FINAL/$name") || return 1
        [ "$actual" = "$size" ] || return 1
        actual=$(sha256_stdin <"$FINAL/$name") || return 1
        [ "${actual%% *}" = "$sum" ] || return 1
    done < <(installed_members)
    return 0
}

# The staging folder holds exactly the members the table lists for
# installation, application.tar.gz among them, and nothing else.
staged_is_complete() {
    local name off size sum count=0 path
    [ "$STUB_OK" = 1 ] || return 1
    [ -f "$STAGE/application.tar.gz" ] || return 1
    while read -r name off size sum; do
        [ -f "$STAGE/$name" ] || return 1
        count=$((count + 1))
    done < <(installed_members)
    for path in "$STAGE"/* "$STAGE"/.[!.]*; do
        count=$((count - 1))
    done
    [ "$count" = 0 ]
}

check_space() {
    local dir=$1 need=$2 line avail
    line=$(df -Pk -- "$dir" 2>/dev/null | tail -n 1) || line=''
    read -r _ _ _ avail _ <<<"$line"
    case ${avail:-} in
    '' | *[!0-9]*)
        warn "cannot tell the free space of $dir; continuing"
        return 0
        ;;
    esac
    if [ "$((avail * 1024))" -lt "$need" ]; then
        die "$EXIT_NO_SPACE" "not enough free space in $dir: $((need / 1048576 + 1)) MiB needed, $((avail / 1024)) MiB available"
    fi
}

# Copy one member into the staging folder, hashing what is written.
extract_member() {
    local name=$1 off=$2 size=$3 want=$4 dest="$STAGE/$1" got status
    tail -c "+$((APS_PAYLOAD_OFFSET + off + 1))" -- "$SELF" | head -c "$size" | tee -- "$dest" | sha256_stdin >"$STAGE/.sha256"
    status=("${PIPESTATUS[@]}")
    # tail is stopped by SIGPIPE (141) when head has read enough.
    if { [ "${status[0]}" != 0 ] && [ "${status[0]}" != 141 ]; } || [ "${status[1]}" != 0 ] ||
        [ "${status[2]}" != 0 ] || [ "${status[3]}" != 0 ]; then
        die "$EXIT_WRITE" "cannot write $dest (disk full or I/O error); the repository is left as it was"
    fi
    got=$(<"$STAGE/.sha256")
    rm -f -- "$STAGE/.sha256"
    [ "$(file_size "$dest")" = "$size" ] || die "$EXIT_WRITE" "cannot write $dest completely; the repository is left as it was"
    if [ "${got%% *}" != "$want" ]; then
        die "$EXIT_CHECKSUM" "$name changed while it was being installed (SHA-256 ${got%% *}, expected $want); the repository is left as it was"
    fi
    chmod 0644 -- "$dest" || die "$EXIT_WRITE" "cannot set the mode of $dest"
}

JSON_STR=''
json_str() {
    local s=$1 bs='\' q='"'
    s=${s//"$bs"/"$bs$bs"}
    s=${s//"$q"/"$bs$q"}
    JSON_STR="\"$s\""
}

# Names listed in index.json: not hidden (staging folders are), printable ASCII
# only, so the JSON needs no escaping beyond quote and backslash. aps-pack's
# own `zstack index` applies the same rules, so both write the same bytes.
indexable() {
    case $1 in
    .* | '' | *[![:print:]]*) return 1 ;;
    esac
    return 0
}

# Application and version folder names must be valid ids: ASCII letters,
# digits, . _ - +, not starting with . or -, at most 128 characters.
valid_name() {
    case $1 in
    '' | [.-]* | *[!A-Za-z0-9._+-]*) return 1 ;;
    esac
    [ "${#1}" -le 128 ]
}

# Why a folder is left out of index.json (sets SKIP_WHY), or return 1 when it counts.
# Symbolic links are never followed: one could pull folders from anywhere in.
skip_why() {
    local dir=${1%/} name=$2 kind=$3
    if [ -L "$dir" ]; then
        SKIP_WHY="it is a symbolic link"
    elif ! indexable "$name"; then
        SKIP_WHY="its name is hidden or not printable ASCII"
    elif [ "$kind" = arch ]; then
        case $name in
        x86_64 | aarch64) return 1 ;;
        esac
        SKIP_WHY="it is not an architecture ZStack knows (x86_64, aarch64)"
    elif ! valid_name "$name"; then
        SKIP_WHY="its name is not a valid $kind name"
    else
        return 1
    fi
    return 0
}

# index.json without its last line, in the shape ZStack's refresh_index.py
# writes (json.dump, indent 2) but sorted: every REPO/<app>/<arch>/<version>/
# folder with valid names counts; architectures without versions are left out. Sets INDEX_BODY.
render_index_body() {
    local repo=$1 app_dir arch_dir ver_dir app arch ver apps='' arches vers SKIP_WHY
    for app_dir in "$repo"/*/; do
        app=${app_dir%/}
        app=${app##*/}
        if skip_why "$app_dir" "$app" application; then
            warn "skipping $app_dir in index.json: $SKIP_WHY"
            continue
        fi
        arches=''
        for arch_dir in "$app_dir"*/; do
            arch=${arch_dir%/}
            arch=${arch##*/}
            if skip_why "$arch_dir" "$arch" arch; then
                case $arch in .aps-*) ;; *) warn "skipping $arch_dir in index.json: $SKIP_WHY" ;; esac
                continue
            fi
            vers=''
            for ver_dir in "$arch_dir"*/; do
                ver=${ver_dir%/}
                ver=${ver##*/}
                if skip_why "$ver_dir" "$ver" version; then
                    case $ver in .aps-*) ;; *) warn "skipping $ver_dir in index.json: $SKIP_WHY" ;; esac
                    continue
                fi
                json_str "$ver"
                vers+="${vers:+,}"$'\n'"            $JSON_STR"
            done
            [ -n "$vers" ] || continue
            json_str "$arch"
            arches+="${arches:+,}"$'\n'"        {"$'\n'"          \"architecture\": $JSON_STR,"$'\n'"          \"versions\": [$vers"$'\n'"          ]"$'\n'"        }"
        done
        [ -n "$arches" ] || continue
        json_str "$app"
        apps+="${apps:+,}"$'\n'"    {"$'\n'"      \"app_id\": $JSON_STR,"$'\n'"      \"support_versions\": [$arches"$'\n'"      ]"$'\n'"    }"
    done
    if [ -z "$apps" ]; then
        INDEX_BODY=$'{\n  "applications": [],\n'
    else
        INDEX_BODY=$'{\n  "applications": ['"$apps"$'\n  ],\n'
    fi
}

refresh_index() {
    local repo=$1 index="$1/index.json" ts old
    ts=${SOURCE_DATE_EPOCH:-}
    case $ts in '' | *[!0-9]*) ts=$(date +%s) ;; esac
    render_index_body "$repo"
    if [ -f "$index" ]; then
        old=$(<"$index")
        if [[ $old =~ \"update_at\":\ ([0-9]+) ]] && [ "$old" = "$INDEX_BODY  \"update_at\": ${BASH_REMATCH[1]}"$'\n}' ]; then
            say "index.json is up to date"
            return 0
        fi
    fi
    TMP_INDEX=$(mktemp -- "$repo/.index.json.XXXXXX") || return 1
    printf '%s  "update_at": %s\n}' "$INDEX_BODY" "$ts" >"$TMP_INDEX" || return 1
    chmod 0644 -- "$TMP_INDEX" || return 1
    mv -f -- "$TMP_INDEX" "$index" || return 1
    TMP_INDEX=''
    say "Wrote $index"
}

install() {
    local repo=$1 arch_dir need=1048576 name off size sum
    [ -d "$repo" ] || die "$EXIT_NO_REPO" "repository folder '$repo' does not exist; create it, or give the repository path: bash $SELF /path/to/repo"
    verify_payload
    arch_dir="$repo/$APS_APP_ID/$APS_ARCH"
    FINAL="$arch_dir/$APS_VERSION"
    if already_installed; then
        say "$APS_APP_ID $APS_ARCH $APS_VERSION is already installed in $repo"
        refresh_index "$repo" || die "$EXIT_WRITE" "cannot write $repo/index.json"
        return 0
    fi
    while read -r name off size sum; do
        need=$((need + size))
    done < <(installed_members)
    check_space "$repo" "$need"
    mkdir -p -- "$arch_dir" || die "$EXIT_WRITE" "cannot create $arch_dir"
    STAGE=$(mktemp -d -- "$arch_dir/.aps-stage.XXXXXX") || die "$EXIT_WRITE" "cannot create a staging folder in $arch_dir"
    while read -r name off size sum; do
        say "Installing $name ($size bytes)..."
        extract_member "$name" "$off" "$size" "$sum"
    done < <(installed_members)
    staged_is_complete || die "$EXIT_CHECKSUM" "the staged version does not hold exactly the packaged members; $SELF is damaged, copy it again; the repository is left as it was"
    if ! has_image && [ -f "$FINAL/image.qcow2" ]; then
        say "Keeping the image already installed for this version"
        ln -- "$FINAL/image.qcow2" "$STAGE/image.qcow2" 2>/dev/null ||
            cp -- "$FINAL/image.qcow2" "$STAGE/image.qcow2" || die "$EXIT_WRITE" "cannot keep $FINAL/image.qcow2"
    fi
    chmod 0755 -- "$STAGE" || die "$EXIT_WRITE" "cannot set the mode of $STAGE"
    if [ -e "$FINAL" ] || [ -L "$FINAL" ]; then
        OLD=$(mktemp -d -- "$arch_dir/.aps-old.XXXXXX") || die "$EXIT_WRITE" "cannot create a folder in $arch_dir"
        mv -T -- "$FINAL" "$OLD" || die "$EXIT_WRITE" "cannot move the previous $FINAL aside"
    fi
    mv -T -- "$STAGE" "$FINAL" || die "$EXIT_WRITE" "cannot move the new version into $FINAL"
    STAGE=''
    if [ -n "$OLD" ]; then
        rm -rf -- "$OLD"
        OLD=''
    fi
    say "Installed $APS_APP_ID $APS_ARCH $APS_VERSION into $FINAL"
    refresh_index "$repo" || die "$EXIT_WRITE" "the version is installed, but $repo/index.json could not be written"
}

main() {
    local mode='' repo='' have_repo=0 arg
    while [ $# -gt 0 ]; do
        arg=$1
        shift
        case $arg in
        --check | --list | --help | -h)
            [ -z "$mode" ] || usage_error "give only one of --check, --list, --help"
            mode=$arg
            ;;
        --)
            [ $# -le 1 ] || usage_error "too many arguments"
            if [ $# = 1 ]; then
                [ "$have_repo" = 0 ] || usage_error "too many arguments"
                repo=$1
                have_repo=1
                shift
            fi
            ;;
        -*) usage_error "unknown option '$arg'" ;;
        *)
            [ "$have_repo" = 0 ] || usage_error "too many arguments: '$repo' and '$arg'"
            repo=$arg
            have_repo=1
            ;;
        esac
    done
    case $mode in
    --help | -h)
        usage
        return 0
        ;;
    esac
    [ -f "$SELF" ] || usage_error "run this installer from its file: bash FILE.bin [REPO_PATH]"
    if [ -n "$mode" ] && [ "$have_repo" = 1 ]; then
        usage_error "$mode takes no repository path"
    fi
    require_tools
    verify_stub
    case $mode in
    --list) list_payload ;;
    --check)
        verify_payload
        say "OK: $SELF is intact ($APS_APP_ID $APS_ARCH $APS_VERSION)"
        ;;
    *)
        trap cleanup EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        trap 'exit 129' HUP
        install "${repo:-$APS_DEFAULT_REPO}"
        ;;
    esac
}

main "$@"; exit $?
