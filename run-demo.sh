#!/usr/bin/env bash
# Keycloak Platform Auth: the demo, in one command.
#
# Builds the extension jar, fetches Keycloak 26.7.0 and GreenMail through the Maven wrapper
# (Maven Central only; needs nothing but Java 17+), then starts on 127.0.0.1:
#   - GreenMail, a throw-away mail server that keeps every email (SMTP + a REST API to read them)
#   - Keycloak in dev mode with the jar in providers/ and the "demo" realm imported
# and prints the URLs, the logins and curl examples. Ctrl-C stops both.
#
# Environment (all optional):
#   KC_PORT=8080          Keycloak HTTP port
#   SMTP_PORT=3025        GreenMail SMTP port (the demo realm sends its mail there)
#   MAIL_PORT=8025        GreenMail REST API port (read the mail there)
#   SKIP_BUILD=1          do not rebuild the jar (use the one in bundle/target)
#   KEEP_DATA=1           keep the Keycloak database of the previous run; by default every run
#                         starts from a fresh database and imports demo/realm/demo-realm.json again
#   READY_TIMEOUT=300     seconds to wait for Keycloak to answer
set -euo pipefail

KC_VERSION=26.7.0
GREENMAIL_VERSION=2.1.2
PROJECT_VERSION=0.1.0-SNAPSHOT

KC_PORT=${KC_PORT:-8080}
SMTP_PORT=${SMTP_PORT:-3025}
MAIL_PORT=${MAIL_PORT:-8025}
READY_TIMEOUT=${READY_TIMEOUT:-300}
HOST=127.0.0.1

cd "$(dirname "$0")"
ROOT=$(pwd)
DEMO_DIR=$ROOT/.demo
KC_HOME=$DEMO_DIR/keycloak-$KC_VERSION
KC_ZIP=$DEMO_DIR/keycloak-quarkus-dist-$KC_VERSION.zip
GREENMAIL_JAR=$DEMO_DIR/greenmail-standalone-$GREENMAIL_VERSION.jar
BUNDLE_JAR=$ROOT/bundle/target/keycloak-platform-auth-$PROJECT_VERSION.jar
REALM_JSON=$ROOT/demo/realm/demo-realm.json
KC_LOG=$DEMO_DIR/keycloak.log
MAIL_LOG=$DEMO_DIR/greenmail.log
KC_URL=http://$HOST:$KC_PORT
MAIL_URL=http://$HOST:$MAIL_PORT

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

http_status() { # prints the HTTP status of a GET, 000 when nothing answers
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------- preflight
command -v java >/dev/null 2>&1 || die "Java 17 or newer is needed (java not found on PATH)"
JAVA_MAJOR=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
[ -n "$JAVA_MAJOR" ] && [ "$JAVA_MAJOR" -ge 17 ] || die "Java 17 or newer is needed (found: ${JAVA_MAJOR:-unknown})"
command -v curl >/dev/null 2>&1 || die "curl is needed"
for port in "$KC_PORT" "$SMTP_PORT" "$MAIL_PORT"; do
  if port_in_use "$port"; then
    die "port $port on $HOST is already in use (set KC_PORT, SMTP_PORT or MAIL_PORT to move the demo)"
  fi
done
mkdir -p "$DEMO_DIR"

# ---------------------------------------------------------------- build and fetch
if [ "${SKIP_BUILD:-}" != "1" ]; then
  say "Building the extension jar (./mvnw install, tests skipped)"
  ./mvnw -B -q -DskipTests -DskipITs install -pl '!integration-tests'
fi
[ -f "$BUNDLE_JAR" ] || die "no jar at $BUNDLE_JAR (run without SKIP_BUILD=1)"

fetch() { # groupId:artifactId:version[:type] -> $DEMO_DIR, through the wrapper (root project only)
  ./mvnw -B -q -N dependency:copy -Dartifact="$1" -DoutputDirectory="$DEMO_DIR"
}

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  if [ ! -f "$KC_ZIP" ]; then
    say "Fetching Keycloak $KC_VERSION"
    fetch "org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"
  fi
  say "Unpacking Keycloak into .demo/"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$KC_ZIP" -d "$DEMO_DIR"
  else
    (cd "$DEMO_DIR" && jar xf "$KC_ZIP")
    chmod +x "$KC_HOME"/bin/*.sh
  fi
fi
if [ ! -f "$GREENMAIL_JAR" ]; then
  say "Fetching GreenMail $GREENMAIL_VERSION"
  fetch "com.icegreen:greenmail-standalone:$GREENMAIL_VERSION"
fi

# ---------------------------------------------------------------- install into Keycloak
rm -f "$KC_HOME"/providers/keycloak-platform-auth-*.jar
cp "$BUNDLE_JAR" "$KC_HOME/providers/"
mkdir -p "$KC_HOME/data/import"
rm -f "$KC_HOME"/data/import/*.json
cp "$REALM_JSON" "$KC_HOME/data/import/demo-realm.json"
if [ "${KEEP_DATA:-}" != "1" ]; then
  rm -rf "$KC_HOME/data/h2"   # fresh database: the realm file is imported again
fi

# ---------------------------------------------------------------- run
KC_PID=""
MAIL_PID=""
stop_group() { # pid: TERM its process group, then KILL what is left after 20 s
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  trap - INT TERM EXIT
  trap '' PIPE INT   # stop the children even if the terminal or a pipe reading our output is gone
  { echo; say "Stopping Keycloak and GreenMail"; } 2>/dev/null || true
  stop_group "$KC_PID"
  stop_group "$MAIL_PID"
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

set -m   # each background job gets its own process group, so cleanup can stop it with its children

say "Starting GreenMail (SMTP $HOST:$SMTP_PORT, REST API $MAIL_URL), log: .demo/greenmail.log"
java -Dgreenmail.smtp.hostname="$HOST" -Dgreenmail.smtp.port="$SMTP_PORT" \
     -Dgreenmail.auth.disabled \
     -Dgreenmail.api.hostname="$HOST" -Dgreenmail.api.port="$MAIL_PORT" \
     -jar "$GREENMAIL_JAR" >"$MAIL_LOG" 2>&1 &
MAIL_PID=$!

say "Starting Keycloak $KC_VERSION on $KC_URL (dev mode), log: .demo/keycloak.log"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin DEMO_SMTP_PORT="$SMTP_PORT" \
  "$KC_HOME/bin/kc.sh" start-dev --http-host="$HOST" --http-port="$KC_PORT" --import-realm \
  >"$KC_LOG" 2>&1 &
KC_PID=$!

set +m

say "Waiting for Keycloak and the demo realm (first start takes a minute or two)"
deadline=$((SECONDS + READY_TIMEOUT))
until [ "$(http_status "$KC_URL/realms/demo/.well-known/openid-configuration")" = "200" ] \
   && [ "$(http_status "$MAIL_URL/api/service/readiness")" = "200" ]; do
  if ! kill -0 "$KC_PID" 2>/dev/null; then
    tail -n 40 "$KC_LOG" >&2 || true
    die "Keycloak stopped during startup (full log: .demo/keycloak.log)"
  fi
  if ! kill -0 "$MAIL_PID" 2>/dev/null; then
    tail -n 20 "$MAIL_LOG" >&2 || true
    die "GreenMail stopped during startup (full log: .demo/greenmail.log)"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 40 "$KC_LOG" >&2 || true
    die "Keycloak did not answer within ${READY_TIMEOUT}s (full log: .demo/keycloak.log)"
  fi
  sleep 2
done

API=$KC_URL/realms/demo/auth-service/api/v2
cat <<EOF

  Keycloak Platform Auth demo is running.

  Admin console      $KC_URL/admin/            admin / admin
  Account console    $KC_URL/realms/demo/account/   (signs in through the demo's browser flow)
  Demo users         alice / alice   (alice@demo.test, realm role superuser)
                     bob / bob       (bob@demo.test)
  Mail (GreenMail)   $MAIL_URL/api/user/alice@demo.test/messages/INBOX
                     every email sent to <address> is at $MAIL_URL/api/user/<address>/messages/INBOX
                     (JSON; the raw message is in "mimeMessage"; API description: $MAIL_URL/)

  Passwordless sign-in through the API:

    # 1. ask for a code (202; the code is emailed, valid 10 minutes, single use)
    curl -i -X POST $API/login/passwordless/request-token \\
         -H 'Content-Type: application/json' -d '{"email":"alice@demo.test"}'

    # 2. read the email; the code is alone on a line of the text part
    curl -s $MAIL_URL/api/user/alice@demo.test/messages/INBOX

    # 3. exchange the code for both tokens (access_token + platform_access_token)
    curl -s -X POST $API/login/passwordless/exchange-tokens \\
         -H 'Content-Type: application/json' -d '{"code":"<the code from the email>"}'

  Password sign-in, same token response; then the account API with the auth token:

    curl -s -X POST $API/login/access-token -d username=alice -d password=alice
    TOKEN=<access_token from that answer>
    curl -s -X POST $API/users/refresh-access-token -H "Authorization: Bearer \$TOKEN"   # also after the 2 days, for 3 more
    curl -s "$API/users/?skip=0&limit=100" -H "Authorization: Bearer \$TOKEN"   # alice is a superuser: {"data":[…],"count":N}
    curl -s -X POST $API/users/signup -H 'Content-Type: application/json' \\
         -d '{"email":"carol@demo.test","full_name":"Carol Demo","password":"carol-secret-1"}'
    curl -s $API/users/me -H "Authorization: Bearer \$TOKEN"                    # the FastAPI template's user API
    curl -s -X PATCH $API/users/me -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' -d '{"full_name":"Alice"}'
    curl -s -X POST $API/password-recovery/bob@demo.test    # 200 whatever the address; the link is in bob's mail
    curl -s -X POST $API/reset-password/ -H 'Content-Type: application/json' \\
         -d '{"token":"<token= of the link>","new_password":"bob-new-secret-1"}'

  Sentinel API: a token, then an audited login-as bob (alice holds impersonation):

    SENTINEL=$KC_URL/realms/demo/sentinel/api/v1.0/auth
    curl -s -X POST \$SENTINEL/token -H 'Content-Type: application/json' -d '{"username":"alice","password":"alice"}'
    curl -s -X POST \$SENTINEL/loginAs -H "Authorization: Bearer <token>" \\
         -H 'Content-Type: application/json' -d '{"username":"bob","reason":"demo"}'

  Entity-token API: alice's token in the organization acme, used by the platform-api client:

    ALICE_ID=<sub of alice's access token>; PLATFORM=<platform_access_token of alice's login>
    curl -s -X POST $KC_URL/realms/demo/entities/acme/users/\$ALICE_ID/authentication-token -H "Authorization: Bearer \$PLATFORM"
    curl -s -X POST $KC_URL/realms/demo/entities/acme/users/\$ALICE_ID/authentication-token/refresh -H "Authorization: Bearer \$PLATFORM"
    curl -s -X POST $KC_URL/realms/demo/entities/introspect -u platform-api:platform-api-secret -d token=<pae_… secret>
    curl -s -X POST $KC_URL/realms/demo/protocol/openid-connect/token -u platform-api:platform-api-secret \\
         -d grant_type=urn:platform-auth:grant-type:entity-token -d entity_token=<pae_… secret>

  Magic link and email OTP (202 either way; read the mail as above):

    curl -s -X POST $KC_URL/realms/demo/auth-service/api/v2/login/magic-link -H 'Content-Type: application/json' \\
         -d '{"email":"alice@demo.test","redirect_uri":"http://127.0.0.1:3000/callback"}'
    curl -s -X POST $KC_URL/realms/demo/auth-service/api/v2/login/magic-link/validate -H 'Content-Type: application/json' -d '{"token":"<token= of the link>"}'
    curl -s -X POST $KC_URL/realms/demo/auth-service/api/v2/login/email-otp -H 'Content-Type: application/json' -d '{"email":"bob@demo.test"}'
    curl -s -X POST $KC_URL/realms/demo/auth-service/api/v2/login/email-otp/verify -H 'Content-Type: application/json' \\
         -d '{"email":"bob@demo.test","otp":"<6 digits>"}'

  Password reset (the mailed link opens a page of the login theme), terms, SSO by email domain:

    curl -s -X POST \$SENTINEL/passwordReset -H 'Content-Type: application/json' -d '{"username":"bob"}'
    curl -s -X POST \$SENTINEL/termsAndConditions -H "Authorization: Bearer <token>"
    curl -s -X POST \$SENTINEL/sso/initiate -H 'Content-Type: application/json' -d '{"email":"alice@demo.test"}'

  Logs: .demo/keycloak.log, .demo/greenmail.log     Press Ctrl-C to stop both.

EOF

while kill -0 "$KC_PID" 2>/dev/null && kill -0 "$MAIL_PID" 2>/dev/null; do
  sleep 1
done
kill -0 "$KC_PID" 2>/dev/null || say "Keycloak exited (see .demo/keycloak.log)"
kill -0 "$MAIL_PID" 2>/dev/null || say "GreenMail exited (see .demo/greenmail.log)"
exit 1
