# Sourced by test.sh: gives the delivery tests a real SMTP server, Postfix's smtp-sink, which accepts every mail
# and writes each one to a file, and exports
#   FORMFLOW_TEST_SMTP       host:port of the server
#   FORMFLOW_TEST_SMTP_DUMP  the folder it writes one file per received mail into
# Call smtp_stop from the caller's EXIT trap. A developer with a server of their own sets both beforehand, and
# then this starts nothing.

smtp_dir="" smtp_pid=""

smtp_start() {
  local port i started=$SECONDS apt_log
  [ -z "$smtp_pid" ] || return 0
  if [ ! -x /usr/sbin/smtp-sink ]; then
    apt_log="$(mktemp)"
    # Without the preseed, installing postfix asks which kind of mail system to set up.
    if ! { echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections &&
           apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
             --no-install-recommends postfix; } >"$apt_log" 2>&1; then
      cat "$apt_log" >&2; rm -f "$apt_log"
      echo "smtp.sh: could not install Postfix (for smtp-sink) from Debian's packages" >&2
      return 1
    fi
    rm -f "$apt_log"
  fi

  smtp_dir="$(mktemp -d)"
  mkdir "$smtp_dir/mail"
  # As root, smtp-sink must be told whom to run as (-u); that user writes the mails.
  local as_user=()
  if [ "$(id -u)" = 0 ]; then chmod 755 "$smtp_dir"; chown postfix: "$smtp_dir/mail"; as_user=(-u postfix); fi
  for i in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  # -d: one file per mail, named mail-<random hex>; 100: the listen backlog.
  /usr/sbin/smtp-sink "${as_user[@]}" -d "$smtp_dir/mail/mail-" 127.0.0.1:"$port" 100 >"$smtp_dir/sink.log" 2>&1 &
  smtp_pid=$!
  for i in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    if ! kill -0 "$smtp_pid" 2>/dev/null; then cat "$smtp_dir/sink.log" >&2; echo "smtp.sh: smtp-sink did not start" >&2; return 1; fi
    sleep 0.1
  done

  export FORMFLOW_TEST_SMTP="127.0.0.1:$port"
  export FORMFLOW_TEST_SMTP_DUMP="$smtp_dir/mail"
  echo "smtp.sh: started smtp-sink on 127.0.0.1:$port ($((SECONDS - started))s)"
}

smtp_stop() {
  if [ -n "$smtp_pid" ]; then kill "$smtp_pid" 2>/dev/null || true; wait "$smtp_pid" 2>/dev/null || true; fi
  if [ -n "$smtp_dir" ]; then rm -rf "$smtp_dir"; fi
  smtp_pid="" smtp_dir=""
}

if [ -n "${FORMFLOW_TEST_SMTP:-}" ] && [ -n "${FORMFLOW_TEST_SMTP_DUMP:-}" ]; then
  echo "smtp.sh: using the server in FORMFLOW_TEST_SMTP"
else
  smtp_start
fi
