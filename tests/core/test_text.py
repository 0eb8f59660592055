"""Text for markup is escaped exactly as html.escape escapes it, without the html package."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from stretchdesk.core.text import escape


@given(st.text(alphabet=st.sampled_from("ab &<>\"'é\u202e;#x"), max_size=40))
def test_markup_escaping_is_what_html_escape_makes(text):
    assert escape(text) == html.escape(text)
    assert escape(text, quote=False) == html.escape(text, quote=False)


def test_a_step_name_made_of_markup_is_shown_as_written():
    assert escape("<img src=/dev/zero> & 'co'") == "&lt;img src=/dev/zero&gt; &amp; &#x27;co&#x27;"
