# The review page's verdicts, clicked in a real browser: headless Chromium
# driven through ChromeDriver (W3C WebDriver on loopback) marks one removal
# right and one wrong; the page's export is the TOML the rules need, and
# pasted into a rule, the right one is a passing `remove` example and the
# wrong one a failing `keep` example: a wrong removal became a test.
#
# Needs Debian's chromium and chromium-driver (the Makefile's DEPS); only
# with DECRUFT_ALLOW_NO_BROWSER=1 does a missing one skip the test.
. "$(dirname "$0")/lib.sh"
if ! command -v chromium > /dev/null || ! command -v chromedriver > /dev/null; then
  if [ "${DECRUFT_ALLOW_NO_BROWSER:-}" = 1 ]; then
    echo "SKIP: chromium or chromedriver not found and DECRUFT_ALLOW_NO_BROWSER=1"; exit 0
  fi
  echo "FAIL: chromium and chromedriver needed (Debian: chromium chromium-driver; make deps)"; exit 1
fi
mkdir -p "$TMP/corpus"
cp "$SRC"/samples/input/*.txt "$TMP/corpus/"
printf 'Mayor opens new bridge\n\nThe city opened its new bridge on Monday after three years of work.\n\nThank you for your patience while we verify access.\n' > "$TMP/corpus/teaser.txt"
cd "$TMP"
"$BIN" review -q corpus -o "$TMP/page.html"
expect_eq "review status" 0 $?

python3 - "$TMP/page.html" "$TMP" > "$TMP/export.toml" 2> "$TMP/driver.err" <<'PY'
import json, os, socket, subprocess, sys, time, urllib.error, urllib.request

page, tmp = sys.argv[1], sys.argv[2]
with socket.socket() as s:           # a free port on loopback
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
driver = subprocess.Popen(["chromedriver", f"--port={port}", "--allowed-ips=127.0.0.1"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"

def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"]
    except urllib.error.HTTPError as e:  # WebDriver's error names what went wrong
        raise RuntimeError(f"{method} {path}: {e.code}: {e.read()[:300]!r}") from None

try:
    for _ in range(100):                 # wait for the driver to listen
        try:
            call("GET", "/status"); break
        except OSError:
            time.sleep(0.1)
    caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
        "binary": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run",
                 "--user-data-dir=" + os.path.join(tmp, "profile")]}}}}
    sid = call("POST", "/session", caps)["sessionId"]
    try:
        call("POST", f"/session/{sid}/url", {"url": "file://" + page})
        def click(xpath):
            for attempt in range(100):  # the page's script renders the groups
                try:
                    el = call("POST", f"/session/{sid}/element", {"using": "xpath", "value": xpath})
                    break
                except RuntimeError:
                    if attempt == 99:
                        raise
                    time.sleep(0.1)
            eid = next(iter(el.values()))
            call("POST", f"/session/{sid}/element/{eid}/click", {})
        # the teaser's lone "verify access" line: a wrong removal (the article is cut off)
        click('//div[@data-rule="en/paywall/verify-access"]//div[@class="ex"]'
              '[.//mark[normalize-space(.)="Thank you for your patience while we verify access."]]'
              '//button[@data-verdict="wrong"]')
        # the login prompt: a right removal
        click('//div[@data-rule="en/login/already-subscriber"]//button[@data-verdict="right"]')
        # clicked twice: the verdict is taken back
        click('//div[@data-rule="en/subscription/want-all-of"]//button[@data-verdict="right"]')
        click('//div[@data-rule="en/subscription/want-all-of"]//button[@data-verdict="right"]')
        value = call("POST", f"/session/{sid}/execute/sync",
                     {"script": "return [document.getElementById('v-toml').value, "
                                "document.getElementById('v-count').textContent];", "args": []})
        sys.stdout.write(value[0])
        sys.stderr.write("count: " + value[1] + "\n")
    finally:
        call("DELETE", f"/session/{sid}")
finally:
    driver.terminate()
    driver.wait(timeout=30)
PY
expect_eq "driver status" 0 $?
NBSP=$(printf '\302\240')  # the sample's prompt has a no-break space after "?"
cat > "$TMP/want.toml" <<EOF
# Verdicts from decruft review (corpus): add each rule's lines to
# its remove/keep lists in the file named, then run decruft rules test.

# en/login/already-subscriber — rules/en/login.toml:4
remove = [
  "Already a subscriber?${NBSP}Log in.",
]

# en/paywall/verify-access — rules/en/paywall.toml:4
keep = [
  "The city opened its new bridge on Monday after three years of work.\n\nThank you for your patience while we verify access.",
]
EOF
expect_same_file "exported verdicts" "$TMP/want.toml" "$TMP/export.toml"
grep -q '^count: 2 verdicts on 2 rules$' "$TMP/driver.err" && pass || fail "verdict count: $(cat "$TMP/driver.err")"

# Pasted into rules with the built-in patterns, the export is a test: the
# right removal passes as `remove`, the wrong one fails as `keep` (noisy).
{
  printf '[[rule]]\nid = "login"\ncategory = "login"\npatterns = [%s]\n' \
    "$(sed -n 's/^patterns = \[\(.*\)\]$/\1/p' "$SRC/rules/en/login.toml" | head -n 1)"
  sed -n '/^# en\/login/,/^]/{/^#/d;p}' "$TMP/export.toml"
  printf 'keep = ["Logging in is easy."]\n\n[[rule]]\nid = "verify"\ncategory = "paywall"\npatterns = [%s]\n' \
    "$(sed -n 's/^patterns = \[\(.*\)\]$/\1/p' "$SRC/rules/en/paywall.toml" | head -n 1)"
  printf 'remove = ["Thank you for your patience while we verify access."]\n'
  sed -n '/^# en\/paywall/,/^]/{/^#/d;p}' "$TMP/export.toml"
} > "$TMP/pasted.toml"
"$BIN" rules test --no-default-rules --rules "$TMP/pasted.toml" > "$TMP/test.out" 2>&1
expect_eq "rules test fails on the wrong removal" 1 $?
grep -q '^3 passed, 1 failed$' "$TMP/test.out" && pass || fail "rules test: $(cat "$TMP/test.out")"
grep -q 'user/paywall/verify.*noisy\|noisy.*user/paywall/verify' "$TMP/test.out" && pass \
  || fail "the failing example is the keep of user/paywall/verify: $(cat "$TMP/test.out")"
# No browser or driver left behind.
sleep 0.5
left=$(pgrep -f "user-data-dir=$TMP/profile" | wc -l)
expect_eq "no browser process left" 0 "$left"
finish
