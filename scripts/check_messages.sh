#!/usr/bin/env bash
# The message catalogue is complete and current: every message translated, none fuzzy, and
# `makemessages` finds nothing new or gone (source locations and the header's date aside:
# they move with every edit). Also the compiled .mo matches the .po. Run by .ci/run through
# `make check-messages`; it leaves the catalogue as it found it.
set -euo pipefail
cd "$(dirname "$0")/.."

PO=locale/zh_Hans/LC_MESSAGES/django.po
MO=locale/zh_Hans/LC_MESSAGES/django.mo
PY=${PY:-.venv/bin/python}
work=$(mktemp -d)
cp "$PO" "$work/committed.po"
trap 'cp "$work/committed.po" "$PO"; rm -rf "$work"' EXIT

failed=0
untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$PO" | grep '^msgid "[^"]' || true)
if [[ -n $untranslated ]]; then
  echo "Untranslated messages in $PO:"; echo "$untranslated"; failed=1
fi
fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$PO" | grep '^msgid "[^"]' || true)
if [[ -n $fuzzy ]]; then
  echo "Fuzzy messages in $PO:"; echo "$fuzzy"; failed=1
fi

# makemessages reads the settings but opens no connection: any URLs do.
DATABASE_URL=${DATABASE_URL:-postgres://unused@127.0.0.1:1/unused} \
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:1/0} \
  "$PY" manage.py makemessages -l zh_Hans --no-obsolete --verbosity 0
normalised() { msgcat --no-location --no-wrap --sort-output "$1" | grep -v '^"POT-Creation-Date:'; }
if ! diff -u <(normalised "$work/committed.po") <(normalised "$PO") >"$work/changes"; then
  echo "$PO is not current: run \`$PY manage.py makemessages -l zh_Hans --no-obsolete\`, translate, and compilemessages. makemessages would change:"
  cat "$work/changes"; failed=1
fi

msgfmt -o "$work/fresh.mo" "$work/committed.po"
if ! diff -q <(msgunfmt --sort-output "$MO") <(msgunfmt --sort-output "$work/fresh.mo") >/dev/null; then
  echo "$MO does not match $PO: run \`$PY manage.py compilemessages\`."; failed=1
fi
exit $failed
