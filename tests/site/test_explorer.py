"""The shape explorer in headless Chromium: controls, results, URL, keyboard, bad input, axe.

Every shape the page shows is compared with the shape of a tensor that PyTorch computes here, for
the same configuration. Each visit also fails on any console error, uncaught exception or failed
request (``Visit`` from sitecheck), in every state the test puts the explorer in.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import torch
from sitecheck import DESKTOP, PHONE, Visit, check_axe, check_overflow
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

MODULES = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}
PRESET = {
    "mode": "LSTM",
    "input_size": 16,
    "hidden_size": 128,
    "num_layers": 2,
    "bidirectional": True,
    "batch_first": False,
    "proj_size": 0,
    "seq_len": 10,
    "batch": 32,
    "unbatched": False,
    "layout": "equal",
    "lengths": (),
}
# The explorer's own (JS-side) read of the results: tensor name -> shape, and h_n's row map.
READ_JS = """
(root) => ({
  shapes: Object.fromEntries(Array.from(root.querySelectorAll(".lx-shapes tr[data-tensor]"),
    (tr) => [tr.dataset.tensor, tr.querySelector(".lx-shape").textContent])),
  rows: Array.from(root.querySelectorAll(".lx-rows tbody tr"),
    (tr) => Array.from(tr.cells, (td) => td.textContent)),
  error: root.querySelector(".lx-error").hidden ? null : root.querySelector(".lx-error").textContent,
  status: root.querySelector(".lx-status").textContent,
})
"""


def torch_shapes(config: dict[str, Any]) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """Shapes of every tensor, computed by PyTorch, and (layer, direction) of each h_n row."""
    c = {**PRESET, **config}
    kwargs: dict[str, Any] = {
        "input_size": c["input_size"],
        "hidden_size": c["hidden_size"],
        "num_layers": c["num_layers"],
        "bidirectional": c["bidirectional"],
        "batch_first": c["batch_first"],
    }
    if c["proj_size"]:
        kwargs["proj_size"] = c["proj_size"]
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # oneDNN's note on proj_size
        module = MODULES[c["mode"]](**kwargs)
    steps, batch, features = c["seq_len"], c["batch"], c["input_size"]
    if c["unbatched"]:
        x = torch.randn(steps, features)
    else:
        x = (
            torch.randn(batch, steps, features)
            if c["batch_first"]
            else torch.randn(steps, batch, features)
        )
    shapes = {"input": x}
    inputs: Any = x
    if c["layout"] == "packed":
        inputs = pack_padded_sequence(
            x, torch.tensor(c["lengths"]), batch_first=c["batch_first"], enforce_sorted=False
        )
        shapes["input, packed"] = inputs.data
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        output, hidden = module(inputs)
    h_n, c_n = hidden if c["mode"] == "LSTM" else (hidden, None)
    shapes["h_0"] = h_n  # torch's own check: h_0 must have h_n's shape (test_explorer.py runs it)
    if c_n is not None:
        shapes["c_0"] = c_n
    if c["layout"] == "packed":
        shapes["output (PackedSequence)"] = output.data
        shapes["output, padded back"] = pad_packed_sequence(output, batch_first=c["batch_first"])[
            0
        ]
    else:
        shapes["output"] = output
    shapes["h_n"] = h_n
    if c_n is not None:
        shapes["c_n"] = c_n
    text = {name: "(" + ", ".join(map(str, t.shape)) + ")" for name, t in shapes.items()}
    directions = 2 if c["bidirectional"] else 1
    rows = [(r // directions, r % directions) for r in range(h_n.shape[0])]
    return text, rows


@pytest.fixture
def visit() -> Visit:
    return Visit()


@pytest.fixture
def page(browser: Any, visit: Visit) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    tab = context.new_page()
    visit.watch(tab)
    yield tab
    context.close()
    assert visit.problems == []


def open_explorer(page: Any, base_url: str, query: str = "", name: str = "explorer.html") -> Any:
    response = page.goto(base_url + name + query, wait_until="load")
    assert response is not None
    assert response.status == 200
    root = page.locator(".lstm-explorer")
    root.locator(".lx-body table").first.wait_for()
    return root


def read(root: Any) -> dict[str, Any]:
    result: dict[str, Any] = root.evaluate(READ_JS)
    return result


def assert_matches_torch(root: Any, config: dict[str, Any], backward: str = "backward") -> None:
    shown = read(root)
    shapes, rows = torch_shapes(config)
    assert shown["shapes"] == shapes
    assert [(int(r[2]), 1 if r[3].startswith(backward) else 0) for r in shown["rows"]] == rows
    assert [r[0] for r in shown["rows"]] == [f"h_n[{i}]" for i in range(len(rows))]
    assert [r[1] for r in shown["rows"]] == [f"h_n[{i - len(rows)}]" for i in range(len(rows))]


def set_field(root: Any, name: str, value: Any) -> None:
    """Set a control as a reader does (typing replaces the text; events fire as in real use)."""
    control = root.locator(f'[name="{name}"]')
    if isinstance(value, bool):
        control.set_checked(value)
    elif control.evaluate("(el) => el.tagName") == "SELECT":
        control.select_option(str(value))
    else:
        control.fill(str(value))
        control.press("Tab")  # commits the value (a change event), as leaving the field does


def test_the_preset_matches_torch(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url)
    assert_matches_torch(root, {})
    page.wait_for_function(
        "() => document.querySelector('.lx-status').textContent.includes('h_n (4, 32, 128)')"
    )


CONFIGS = [
    {"num_layers": 3, "bidirectional": False},
    {"mode": "GRU", "num_layers": 4, "batch_first": True, "hidden_size": 20},
    {"proj_size": 32, "num_layers": 1, "input_size": 5},
    {"mode": "RNN", "unbatched": True, "seq_len": 7},
    {"layout": "packed", "batch": 3, "lengths": (10, 4, 7), "batch_first": True},
    {"layout": "padded", "batch": 2, "lengths": (3, 10)},
]


@pytest.mark.parametrize(
    "config", CONFIGS, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items())
)
def test_setting_controls_gives_torchs_shapes(page: Any, base_url: str, config: dict) -> None:
    root = open_explorer(page, base_url)
    for name in ("mode", "input_size", "hidden_size", "num_layers", "batch", "seq_len", "layout"):
        if name in config:
            set_field(root, name, config[name])
    for name in ("bidirectional", "batch_first", "unbatched", "proj_size"):
        if name in config:
            set_field(root, name, config[name])
    if "lengths" in config:
        set_field(root, "lengths", ", ".join(map(str, config["lengths"])))
    assert read(root)["error"] is None
    assert_matches_torch(root, config)
    # The address now holds the configuration: opening it elsewhere shows the same results.
    query = "?" + urlsplit(page.url).query
    other = page.context.new_page()
    assert_matches_torch(open_explorer(other, base_url, query), config)
    other.close()


def test_the_back_button_restores_the_previous_configuration(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url)
    set_field(root, "num_layers", 3)
    assert parse_qs(urlsplit(page.url).query)["num_layers"] == ["3"]
    set_field(root, "bidirectional", False)
    assert_matches_torch(root, {"num_layers": 3, "bidirectional": False})
    page.go_back()
    page.wait_for_function("() => document.querySelector('[name=bidirectional]').checked")
    assert_matches_torch(root, {"num_layers": 3})
    page.go_back()
    page.wait_for_function("() => document.querySelector('[name=num_layers]').value === '2'")
    assert_matches_torch(root, {})


def test_keyboard_alone_drives_it_with_visible_focus(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url)
    root.locator('[name="mode"]').focus()
    page.keyboard.press("ArrowDown")  # LSTM -> GRU
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # hidden_size
    page.keyboard.press("Control+A")
    page.keyboard.type("64")
    page.keyboard.press("Tab")  # num_layers
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    assert page.evaluate("document.activeElement.name") == "num_layers"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    for _ in range(4):  # proj_size, dropout, bidirectional (a checkbox), then past it
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "bidirectional":
            page.keyboard.press("Space")
            break
    assert_matches_torch(
        root, {"mode": "GRU", "hidden_size": 64, "num_layers": 3, "bidirectional": False}
    )


BAD_INPUT = [
    # (field, value, fragment of the inline message)
    ("hidden_size", "", "Enter a value."),
    ("hidden_size", "abc", "Not a number"),
    ("num_layers", "1.5", "whole number"),
    ("num_layers", "1000", "At most 100 here (PyTorch itself accepts more)."),
    ("seq_len", "-1", "Must be at least 1."),
    ("hidden_size", "0", "ValueError: hidden_size must be greater than zero"),
    ("proj_size", "128", "ValueError: proj_size has to be smaller than hidden_size"),
    ("input_size", "2.5", "TypeError: input_size should be of type int, got: float"),
    ("dropout", "2", "ValueError: dropout should be a number in range [0, 1]"),
    ("seq_len", "0", "RuntimeError: Expected sequence length to be larger than 0 in RNN"),
    ("batch", "-3", "0 or more"),
]


@pytest.mark.parametrize(("field", "value", "fragment"), BAD_INPUT)
def test_bad_input_gets_a_message_and_keeps_the_last_valid_state(
    page: Any, base_url: str, field: str, value: str, fragment: str
) -> None:
    root = open_explorer(page, base_url)
    before = read(root)
    set_field(root, field, value)
    message = root.locator(f'[data-field="{field}"] .lx-msg')
    assert fragment in message.inner_text()
    assert root.locator(f'[name="{field}"]').get_attribute("aria-invalid") == "true"
    after = read(root)
    assert after["error"] is not None
    assert after["shapes"] == before["shapes"]
    assert after["rows"] == before["rows"]
    if ":" in fragment:  # torch's own message, also in the results area
        assert fragment.split(": ", 1)[1] in after["error"]


def test_a_gru_with_proj_size_shows_torchs_message(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url)
    set_field(root, "proj_size", 8)
    assert read(root)["error"] is None  # fine for an LSTM
    set_field(root, "mode", "GRU")
    shown = read(root)
    assert "proj_size argument is only supported for LSTM, not RNN or GRU" in shown["error"]
    with pytest.raises(ValueError, match="proj_size argument is only supported"):
        nn.GRU(16, 128, proj_size=8)


def test_packed_lengths_are_checked(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url)
    set_field(root, "batch", 3)
    set_field(root, "layout", "packed")
    suggested = root.locator('[name="lengths"]').input_value()
    assert suggested == "10, 9, 8"  # filled in when the layout is chosen
    for value, fragment in [
        ("10, 4", "Expected 3 lengths"),
        ("10, 11, 2", "at most the sequence length 10"),
        ("10, x, 2", "whole numbers"),
        ("10, 0, 2", "RuntimeError: Length of all samples has to be greater than 0"),
        ("", "one length per sequence"),
    ]:
        set_field(root, "lengths", value)
        assert fragment in root.locator('[data-field="lengths"] .lx-msg').inner_text()
    with pytest.raises(RuntimeError, match="Length of all samples has to be greater than 0"):
        pack_padded_sequence(torch.zeros(10, 3, 1), torch.tensor([10, 0, 2]), enforce_sorted=False)


# An error state for each edition: messages, aria-invalid, the error box.
EDITIONS = {"en": ("proj_size", "500"), "zh_CN": ("hidden_size", "x")}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_axe_finds_nothing_serious_in_either_theme(
    page: Any, visit: Visit, base_url: str, edition: str, theme: str, request: Any
) -> None:
    prefix = "" if edition == "en" else request.getfixturevalue("zh")
    open_explorer(page, base_url, name=prefix + "explorer.html")
    if theme == "dark":
        # Let the first load finish: a reload would abort its late requests (the logo), which
        # the visit would report as failures of the page.
        visit.settle(page)
        page.evaluate(
            "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark')"
        )
        page.reload(wait_until="load")
        page.locator(".lx-body table").first.wait_for()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    root = page.locator(".lstm-explorer")
    blocking, _ = check_axe(page, theme)
    assert blocking == []
    set_field(root, *EDITIONS[edition])
    blocking, _ = check_axe(page, theme)
    assert blocking == []


@pytest.mark.parametrize("name", ["explorer.html", "index.html"])
def test_no_sideways_scroll_on_a_phone(browser: Any, base_url: str, name: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    visit = Visit()
    visit.watch(page)
    root = open_explorer(page, base_url, name=name)
    assert check_overflow(page) == []
    set_field(root, "num_layers", 10)
    set_field(root, "proj_size", "12345")  # a long message
    assert check_overflow(page) == []
    context.close()
    assert visit.problems == []


def test_the_landing_page_opens_with_the_compact_explorer(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url, name="index.html")
    assert root.get_attribute("data-kind") == "compact"
    assert_matches_torch(root, {})
    set_field(root, "num_layers", 3)
    assert_matches_torch(root, {"num_layers": 3})
    assert "num_layers" not in urlsplit(page.url).query  # the landing page's address stays
    root.locator("a.lx-full").click()
    page.wait_for_url("**/explorer.html?*")
    full = page.locator(".lstm-explorer")
    full.locator(".lx-body table").first.wait_for()
    assert full.get_attribute("data-kind") == "full"
    assert_matches_torch(full, {"num_layers": 3})


def test_without_javascript_the_preset_table_is_there(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "explorer.html", wait_until="load")
    table = page.locator("table.lx-noscript").first
    assert table.is_visible()
    shapes, _ = torch_shapes({})
    for name, shape in shapes.items():
        row = table.locator("tr", has=page.locator(f"th code:text-is('{name}')"))
        assert row.locator("td code").first.inner_text() == shape
    reads = page.locator("table.lx-noscript").nth(2).locator("tbody tr").all_inner_texts()
    assert [r.split("\t") for r in reads] == [
        ["0", "forward", "x[0] to x[t]"],
        ["0", "backward", "x[t] to x[9]"],
        ["1", "forward", "x[0] to x[9]"],
        ["1", "backward", "x[0] to x[9]"],
    ]
    assert not page.locator(".lx-ui").is_visible()
    context.close()


def test_the_snippet_and_copy_button_work(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url)
    snippet = root.locator(".lx-body pre").inner_text()
    assert "nn.LSTM(input_size=16, hidden_size=128, num_layers=2, bidirectional=True)" in snippet
    root.locator(".lx-copy").click()
    page.wait_for_function(
        "() => document.querySelector('.lx-copy').textContent !== 'Copy snippet'"
    )


def test_the_picture_tells_directions_apart_without_colour(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url, "?num_layers=3")
    net = root.locator(".lx-net svg")
    assert "3 layers, 2 directions, 10 steps" in net.locator("title").first.text_content()
    cells = net.locator("[data-k^=c]")
    assert cells.count() == 3 * 2 * 10
    looks = net.locator("[data-k^=c] rect").evaluate_all(
        """(rects) => rects.map((r) => [r.parentNode.dataset.k.split("_")[1],
          getComputedStyle(r).strokeDasharray, getComputedStyle(r).fill])"""
    )
    for direction, dashes, fill in looks:  # backward: dashed outline and hatched fill
        assert (dashes != "none") == (direction == "1"), (direction, dashes)
        assert fill.startswith("url(") == (direction == "1"), (direction, fill)
    assert sum(direction == "1" for direction, _, _ in looks) == 3 * 10
    # Each row of h_n is written in the box that produced it: forward at the last step,
    # backward at the first.
    for row in range(6):
        layer, direction = divmod(row, 2)
        step = 0 if direction else 9
        box = net.locator(f'[data-k="c{layer}_{direction}_{step}"]')
        label = box.evaluate(  # the text drawn inside the box
            """(g) => { const b = g.getBBox();
              return Array.from(g.ownerSVGElement.querySelectorAll("text")).filter((t) => {
                const r = t.getBBox();
                return r.x >= b.x && r.x + r.width <= b.x + b.width && r.y >= b.y &&
                  r.y + r.height <= b.y + b.height; }).map((t) => t.textContent); }"""
        )
        assert label == [f"h_n[{row}]"]
    assert len(net.locator("text", has_text="h_n[").all()) == 6
    # output's last dimension: the forward half, then the backward half (the picture's top row).
    assert root.locator(".lx-body p", has_text="Top layer only").inner_text() == (
        "Top layer only: output[..., 0:128] forward, output[..., 128:256] backward."
    )
    halves = net.locator("[data-k^=o]").evaluate_all("(gs) => gs.map((g) => g.ariaLabel)")
    assert halves[:2] == ["output[0] forward", "output[0] backward"]


def marked(root: Any) -> dict[str, list[str]]:
    """What the picture marks: the selected boxes and the marked ones (read or fed)."""
    found: dict[str, list[str]] = root.evaluate(
        """(root) => ({
          sel: Array.from(root.querySelectorAll(".lx-net .lx-sel"), (n) => n.dataset.k),
          on: Array.from(root.querySelectorAll(".lx-net .lx-on"), (n) => n.dataset.k),
          rows: Array.from(root.querySelectorAll(".lx-rows .lx-on"), (n) => n.dataset.row),
        })"""
    )
    return found


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("edition", ["en", "zh_CN"])
def test_the_picture_by_pointer_and_keyboard(
    page: Any, visit: Visit, base_url: str, edition: str, theme: str, request: Any
) -> None:
    """A row of h_n, an output slice or a box selects the box that produced it; a box marks the
    inputs it has read (above layer 0 of a bidirectional module: all of them) and what it feeds.
    Arrow keys move between boxes. Text at least 11 px as shown; axe clean in both themes."""
    prefix = "" if edition == "en" else request.getfixturevalue("zh")
    page.emulate_media(color_scheme=theme)
    root = open_explorer(page, base_url, "?seq_len=6", name=prefix + "explorer.html")
    steps = [f"x{t}" for t in range(6)]
    root.locator('.lx-rows [data-pick="row 1"]').click()  # layer 0 backward: made at step 0
    assert marked(root)["sel"] == ["c0_1_0"]
    assert sorted(k for k in marked(root)["on"] if k[0] == "x") == steps
    assert marked(root)["rows"] == ["1"]
    root.locator('.lx-net [data-k="o3_1"]').click()  # output[3, ..., 128:256]
    assert marked(root)["sel"] == ["c1_1_3"]
    assert sorted(k for k in marked(root)["on"] if k[0] == "x") == steps  # read everything
    root.locator('.lx-net [data-k="c0_0_2"]').click()  # layer 0 forward at step 2
    shown = marked(root)
    assert sorted(k for k in shown["on"] if k[0] == "x") == ["x0", "x1", "x2"]
    assert {"c1_0_2", "c1_1_2"} <= set(shown["on"])  # it feeds both directions of layer 1
    said = root.locator(".lx-said").inner_text()
    assert "x[0]" in said
    assert "x[2]" in said
    root.locator('.lx-expr [data-pick="expr top_bwd"]').click()
    assert marked(root)["sel"] == ["c1_1_0"]
    # Keyboard: into the picture, then arrows.
    root.locator(".lx-net").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.k") == "c0_0_0"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.k") == "c0_1_1"
    assert marked(root)["sel"] == ["c0_1_1"]
    assert sorted(k for k in marked(root)["on"] if k[0] == "x") == steps[1:]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert marked(root)["sel"] == ["c1_0_1"]
    assert root.locator('.lx-net [data-k="c1_0_1"]').get_attribute("aria-pressed") == "true"
    # Legible: every text of the picture at least 11 px as shown.
    smallest = root.locator(".lx-net svg").evaluate(
        """(svg) => Math.min(...Array.from(svg.querySelectorAll("text"),
          (t) => t.getBoundingClientRect().height))"""
    )
    assert smallest >= 11
    blocking, _ = check_axe(page, theme)
    assert blocking == []


def test_the_status_line_says_packed_output_shapes(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url)
    set_field(root, "batch", 3)
    set_field(root, "layout", "packed")
    set_field(root, "lengths", "10, 4, 7")
    # Wait for the lengths typed last: the layout alone already shows a packed output.data.
    page.wait_for_function(
        "() => document.querySelector('.lx-status').textContent.includes('output.data (21,')"
    )
    status = read(root)["status"]
    assert "output.data (21, 256)" in status  # 10 + 4 + 7 steps
    assert "padded (10, 3, 256)" in status
    assert "h_n (4, 3, 128)" in status


def test_a_hand_edited_address_says_what_it_ignored(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url, "?bidirectional=yes&mode=XYZ&num_layers=3&colour=red")
    note = root.locator(".lx-body .lx-warn").inner_text()
    assert "bidirectional=yes" in note
    assert "mode=XYZ" in note
    assert "colour=red" in note
    assert_matches_torch(root, {"num_layers": 3})  # what was understood was applied
    set_field(root, "num_layers", 2)
    assert root.locator(".lx-body .lx-warn").count() == 0  # said once, on arrival


def test_the_address_follows_typing_one_entry_per_change(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url)
    before = page.evaluate("history.length")
    control = root.locator('[name="num_layers"]')
    control.fill("3")  # typing, not yet committed
    page.wait_for_url("**num_layers=3**")
    control.fill("4")
    page.wait_for_url("**num_layers=4**")
    control.press("Tab")  # committed
    assert page.evaluate("history.length") == before + 1
    set_field(root, "hidden_size", 64)
    assert page.evaluate("history.length") == before + 2
    page.go_back()
    page.wait_for_function("() => document.querySelector('[name=hidden_size]').value === '128'")
    assert root.locator('[name="num_layers"]').input_value() == "4"
    page.go_back()
    page.wait_for_function("() => document.querySelector('[name=num_layers]').value === '2'")


def test_the_snippet_is_a_named_region(page: Any, base_url: str) -> None:
    open_explorer(page, base_url)
    region = page.get_by_role("region", name="Runnable snippet")
    assert region.count() == 1
    assert "import torch" in region.inner_text()


def test_the_error_box_keeps_torchs_message_apart(page: Any, base_url: str) -> None:
    root = open_explorer(page, base_url)
    set_field(root, "proj_size", 500)
    box = root.locator(".lx-error")
    assert box.locator("code").inner_text() == (
        "ValueError: proj_size has to be smaller than hidden_size"
    )
    paragraphs = box.locator("p").all_inner_texts()
    assert paragraphs[-1] == "Below: the last valid configuration."
    assert all("hidden_size" not in p for p in (paragraphs[0], paragraphs[-1]))


def test_tuples_stay_whole_on_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    root = open_explorer(page, base_url, "?num_layers=10&proj_size=100&hidden_size=1000&batch=320")
    lines = root.evaluate(
        """(root) => Array.from(root.querySelectorAll(".lx-shape"),
          (c) => [c.textContent, c.getClientRects().length])"""
    )
    assert lines
    assert [text for text, count in lines if count != 1] == []
    assert check_overflow(page) == []
    context.close()


@pytest.mark.parametrize("edition", ["en", "zh_CN"])
def test_the_weights_and_the_link_to_their_proof(
    page: Any, base_url: str, edition: str, request: Any
) -> None:
    prefix = "" if edition == "en" else request.getfixturevalue("zh")
    root = open_explorer(page, base_url, name=prefix + "explorer.html")
    torch.manual_seed(0)
    module = nn.LSTM(16, 128, num_layers=2, bidirectional=True)
    shown = root.locator(".lx-params tbody tr").evaluate_all(
        "(rows) => rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent])"
    )
    assert shown == [[n, repr(tuple(p.shape))] for n, p in module.named_parameters()]
    total = sum(p.numel() for p in module.parameters())
    assert root.locator(".lx-params tfoot td").inner_text() == f"{total:,}"
    link = root.locator(".lx-body a[href*='bidirectional-layers']")
    assert "256" in link.locator("xpath=..").inner_text()  # weight_ih_l1 has 2 * 128 columns
    link.click()
    page.wait_for_url("**/explain/bidirectional-layers.html#proof-1-the-weight-shapes")
    assert page.locator("#proof-1-the-weight-shapes").count() == 1


def test_only_pages_with_the_explorer_load_it(site_dir: Any) -> None:
    loading = sorted(
        path.relative_to(site_dir).as_posix()
        for path in site_dir.glob("**/*.html")
        if ZH not in path.relative_to(site_dir).parts
        and "_static/explorer.js" in path.read_text(encoding="utf-8")
    )
    assert loading == ["explorer.html", "index.html"]
    assert not any(
        f"explorer-{ZH}.js" in path.read_text(encoding="utf-8") for path in site_dir.glob("*.html")
    )


# -- the Chinese edition (built with language zh_CN into docs/_build/html/zh_CN) -------------------
ZH = "zh_CN"
TABLE = Path(__file__).resolve().parents[2] / "docs" / "_static" / f"explorer-{ZH}.js"
# The text a reader meets in the widget, outside code, PyTorch's own messages and hidden parts:
# text nodes (option labels and the drawings' titles included) and accessible names.
VISIBLE_TEXT_JS = """
(root) => {
  const out = [], walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    if (node.parentElement.closest("code, pre, noscript, [hidden]")) continue;
    if (/^\\w+Error: /.test(node.textContent)) continue;
    out.push(node.textContent);
  }
  root.querySelectorAll("[aria-label]").forEach((el) => out.push(el.getAttribute("aria-label")));
  return out.join("\\n");
}
"""


def english_fragments() -> list[str]:
    """The English table: the keys of the Chinese one (English text is the key), cut into the
    runs of words between their placeholders and markup."""
    text = TABLE.read_text(encoding="utf-8")
    keys = json.loads(text[text.index("= {\n") + 2 : text.rindex("}") + 1])
    fragments = set()
    for key in keys:
        for part in re.split(r"\{\d\}|<code>.*?</code>|<[^>]+>", key):
            part = part.strip(" .,;:()\u2192\u2190")
            if re.search(r"[A-Za-z]{2,}", part):
                fragments.add(part)
    return sorted(fragments)


def english_left(root: Any) -> list[str]:
    """English UI strings the reader of the Chinese page still sees."""
    text = root.evaluate(VISIBLE_TEXT_JS)
    return [
        fragment
        for fragment in english_fragments()
        if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text)
    ]


@pytest.fixture
def zh(site_dir: Any) -> str:
    """The Chinese edition's folder under the site's root."""
    if not (site_dir / ZH / "explorer.html").is_file():
        pytest.fail(
            f"The Chinese edition is missing: build it into {site_dir / ZH} "
            "(sphinx-build -D language=zh_CN ...).",
            pytrace=False,
        )
    return f"{ZH}/"


def test_the_english_table_is_long_enough_to_catch_a_leftover() -> None:
    fragments = english_fragments()
    assert len(fragments) > 80
    assert {"Shapes", "Enter a value", "Copy snippet", "Your module and input"} <= set(fragments)


STATES_ZH = [
    # (field, value): every message and note of the explorer, one after the other
    ("num_layers", 3),
    ("layout", "padded"),
    ("layout", "packed"),
    ("lengths", "10, 4"),
    ("lengths", "10, x, 2"),
    ("lengths", "10, 11, 2"),
    ("lengths", ""),
    ("layout", "equal"),
    ("batch_first", True),
    ("unbatched", True),
    ("layout", "padded"),
    ("unbatched", False),
    ("mode", "GRU"),
    ("bidirectional", False),
    ("proj_size", 8),
    ("proj_size", 0),
    ("hidden_size", ""),
    ("hidden_size", "abc"),
    ("hidden_size", "20"),
    ("num_layers", "1.5"),
    ("num_layers", "1000"),
    ("num_layers", 2),
    ("batch", "-3"),
    ("batch", 0),
    ("layout", "packed"),
]


def test_the_chinese_explorer_leaves_no_english_string(page: Any, base_url: str, zh: str) -> None:
    root = open_explorer(page, base_url, name=zh + "explorer.html")
    assert root.get_attribute("data-lang") == ZH
    assert page.locator(f'script[src*="explorer-{ZH}.js"]').count() == 1
    assert english_left(root) == []
    assert "形状" in root.inner_text()
    root.locator(".lx-copy").click()
    page.wait_for_function(
        "() => document.querySelector('.lx-copy').textContent !== '复制代码片段'"
    )
    assert english_left(root) == []
    for field, value in STATES_ZH:
        set_field(root, field, value)
        root.page.wait_for_timeout(300)  # the live region speaks after 250 ms
        assert english_left(root) == [], (field, value)


def test_the_chinese_explorer_shows_torchs_shapes(page: Any, base_url: str, zh: str) -> None:
    root = open_explorer(page, base_url, name=zh + "explorer.html")
    assert_matches_torch(root, {}, backward="反向")
    config = {"layout": "packed", "batch": 3, "lengths": (10, 4, 7), "num_layers": 3}
    for name in ("num_layers", "batch", "layout"):
        set_field(root, name, config[name])
    set_field(root, "lengths", "10, 4, 7")
    assert_matches_torch(root, config, backward="反向")
    set_field(root, "proj_size", "128")
    shown = read(root)
    assert "ValueError: proj_size has to be smaller than hidden_size" in shown["error"]
    assert "PyTorch" in shown["error"]
    snippet = root.locator(".lx-body pre").inner_text()
    assert "nn.LSTM(input_size=16, hidden_size=128, num_layers=3, bidirectional=True)" in snippet
    assert re.search(r"[\u4e00-\u9fff]", snippet) is None  # the snippet stays English code


def test_the_chinese_landing_page_form_is_chinese(page: Any, base_url: str, zh: str) -> None:
    root = open_explorer(page, base_url, name=zh + "index.html")
    assert root.get_attribute("data-kind") == "compact"
    assert english_left(root) == []
    assert_matches_torch(root, {}, backward="反向")
    set_field(root, "num_layers", 3)
    root.locator("a.lx-full").click()
    page.wait_for_url(f"**/{ZH}/explorer.html?*")
    full = page.locator(".lstm-explorer")
    full.locator(".lx-body table").first.wait_for()
    assert_matches_torch(full, {"num_layers": 3}, backward="反向")


def test_without_javascript_the_chinese_table_is_there(
    browser: Any, base_url: str, zh: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + zh + "explorer.html", wait_until="load")
    table = page.locator("table.lx-noscript").first
    assert table.is_visible()
    rendered = page.locator(".lstm-explorer").first.inner_text()
    assert "输入" in rendered
    assert "需要 JavaScript" in rendered
    shapes, _ = torch_shapes({})
    for name, shape in shapes.items():
        header = "th:text-is('输入')" if name == "input" else f"th code:text-is('{name}')"
        row = table.locator("tr", has=page.locator(header))
        assert row.locator("td code").first.inner_text() == shape
    for fragment in english_fragments():
        assert re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", rendered) is None, fragment
    context.close()


def test_no_sideways_scroll_on_a_phone_in_chinese(browser: Any, base_url: str, zh: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    visit = Visit()
    visit.watch(page)
    root = open_explorer(page, base_url, name=zh + "explorer.html")
    set_field(root, "num_layers", 10)
    set_field(root, "batch", "abc")
    assert check_overflow(page) == []
    context.close()
    assert visit.problems == []
