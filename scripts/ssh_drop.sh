#!/usr/bin/env bash
# A dropped SSH link, for real: a private sshd on 127.0.0.1 (needs openssh-server and root for
# its privilege separation folder), `ssh -tt` into it running the TUI in tmux, a cable opened
# and scrolled, then the ssh client SIGKILLed. After each round: no `cables` process left,
# no panic on its stderr, the session file names the cable the screen showed when the link
# dropped, and the next connection reopens it at the paragraph the status line showed.
#   scripts/ssh_drop.sh path/to/cables [ROUNDS=10]
set -uo pipefail
bin=$(realpath "$1")
rounds=${2:-10}
work=$(mktemp -d)
sock="ssh-drop-$$"
port=$((20000 + RANDOM % 20000))
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null
  [ -n "${sshd:-}" ] && kill "$sshd" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p /run/sshd "$work/data" "$work/config" "$work/cache"
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/user_key"
cp "$work/user_key.pub" "$work/authorized_keys"
cat >"$work/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PidFile $work/sshd.pid
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
CONF
/usr/sbin/sshd -f "$work/sshd_config" -D -e 2>"$work/sshd.log" &
sshd=$!
sleep 0.5
remote="env TERM=xterm-256color CABLES_DATA_DIR=$work/data CABLES_CONFIG_DIR=$work/config CABLES_CACHE_DIR=$work/cache $bin 2>>$work/stderr"
ssh_cmd="ssh -tt -p $port -i $work/user_key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR $(whoami)@127.0.0.1 '$remote'"
ok=0 left=0 panics=0 wrong=0 reopened=0 misplaced=0
for r in $(seq 1 "$rounds"); do
  tmux -L "$sock" new -d -s r -x 80 -y 30 "$ssh_cmd"
  # The previous round dropped the link in the reader: the TUI reopens there. Its status
  # line must show the paragraph the screen showed when the link dropped; then back to the
  # list.
  # (The list is drawn first and the cable reopened just after: look twice.)
  for _ in $(seq 1 300); do
    screen=$(tmux -L "$sock" capture-pane -p -t r)
    if grep -q '^ Filter' <<<"$screen"; then
      sleep 0.3
      screen=$(tmux -L "$sock" capture-pane -p -t r)
    fi
    grep -q '^ Filter' <<<"$screen" && { started=${started:-list}; break; }
    if grep -q '¶' <<<"$(tail -1 <<<"$screen")"; then
      back=$(tail -1 <<<"$screen")
      back_at="$(awk '{print $1}' <<<"$back") $(grep -o '¶[0-9A-Za-z#]*' <<<"$back" | head -1)"
      if [ "$back_at" = "${shown_id:-} ${shown_para:-}" ]; then reopened=$((reopened + 1)); else
        misplaced=$((misplaced + 1)); echo "round $r: reopened at $back_at, the link dropped at ${shown_id:-} ${shown_para:-}"; fi
      started=reader
      tmux -L "$sock" send-keys -t r q
      sleep 0.3
    fi
    sleep 0.02
  done
  echo "round $r: started in ${started:-?}" >>"$work/starts"
  started=
  # Open the r-th cable (modulo the list), scroll a random number of paragraphs.
  down=$((r % 5)); steps=$((1 + RANDOM % 6))
  keys=(g); for _ in $(seq 1 $down); do keys+=(j); done; keys+=(Enter)
  for _ in $(seq 1 $steps); do keys+=('}'); done
  tmux -L "$sock" send-keys -t r "${keys[@]}"
  sleep 0.6
  status=$(tmux -L "$sock" capture-pane -p -t r | tail -1)
  shown_id=$(awk '{print $1}' <<<"$status")
  shown_para=$(grep -o '¶[0-9A-Za-z#]*' <<<"$status" | head -1)
  # The link drops: the client dies without a word.
  client=$(tmux -L "$sock" list-panes -t r -F '#{pane_pid}')
  kill -9 "$client"
  sleep 1.5
  tmux -L "$sock" kill-server 2>/dev/null
  if pgrep -f "CABLES_DATA_DIR=$work/data" >/dev/null || pgrep -f "^$bin\$" >/dev/null; then
    left=$((left + 1))
  fi
  grep -q panicked "$work/stderr" 2>/dev/null && panics=$((panics + 1))
  saved=$(python3 - "$work/data" "$shown_id" <<'PY'
import glob, json, sys
files = glob.glob(sys.argv[1] + "/session-*.json")
s = json.load(open(files[0])) if files else {}
last = (s.get("last") or {}).get("cable", "")
para = next((p.get("paragraph") for p in s.get("positions", []) if p.get("cable") == sys.argv[2]), None)
print(last, para)
PY
)
  if [ "${saved%% *}" = "$shown_id" ]; then ok=$((ok + 1)); else wrong=$((wrong + 1)); echo "round $r: screen $shown_id $shown_para, saved $saved"; fi
  echo "round $r: screen $shown_id $shown_para, saved $saved" >>"$work/rounds"
done
cat "$work/starts" | tail -8; tail -3 "$work/rounds"
echo "rounds $rounds: last cable saved $ok, wrong $wrong; reopened where the link dropped $reopened, elsewhere $misplaced; cables processes left $left; panics $panics"
[ $wrong -eq 0 ] && [ $left -eq 0 ] && [ $panics -eq 0 ] && [ $misplaced -eq 0 ]
