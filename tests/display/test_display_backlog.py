"""The display's copy of the backlog rules (backlog.js, in Chromium) gives the same steps as server/core/backlog.py
on every shared case of tests/core/backlog_cases.json."""

from pathlib import Path

import pytest

from tests.helpers import BACKLOG_CASES as CASES
from tests.helpers import play_backlog as play

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PLAY = """(cases) => cases.map((c) => {
  const B = window.XHBacklog;
  let voice = B.empty();
  const out = [];
  for (const op of c.ops) {
    if (op[0] === 'call') voice = B.called(voice, { ticket_id: op[1], number: op[2], counter: op[3] });
    else if (op[0] === 'moved_on') voice = B.movedOn(voice, op[1]);
    else {
      const [after, step] = B.next(voice, c.repeat);
      voice = after;
      out.push(step === null ? null : [step.call.ticket_id, step.form, step.chime, step.again]);
    }
  }
  return out;
})"""


def test_the_browser_and_the_server_rules_agree_on_every_shared_case(page):
    page.set_content("<!doctype html><title>backlog</title>")
    page.add_script_tag(path=str(ROOT / "display/static/display/backlog.js"))
    in_browser = page.evaluate(PLAY, CASES)
    assert in_browser == [play(case) for case in CASES] == [case["expect"] for case in CASES]
