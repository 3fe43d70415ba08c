/* Shape explorer: `explore` is pure and English; tr() translates the page. */
(() => {
"use strict";
var PRESET = {
  mode: "LSTM", input_size: "16", hidden_size: "128", num_layers: "2", bidirectional: true,
  batch_first: false, proj_size: "0", dropout: "0", seq_len: "10", batch: "32",
  unbatched: false, layout: "equal", lengths: ""
};
var NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
var MSG = {
  proj: "proj_size argument is only supported for LSTM, not RNN or GRU",
  dropout: "dropout should be a number in range [0, 1] representing the probability of an " +
    "element being zeroed",
  projNeg: "proj_size should be a positive integer or zero to disable projections",
  projBig: "proj_size has to be smaller than hidden_size",
  seq: "Expected sequence length to be larger than 0 in RNN",
  pack: "Length of all samples has to be greater than 0, but found an element in 'lengths' " +
    "that is <= 0"
};

function parse(raw, name, errors) {
  var s = String(raw === undefined || raw === null ? "" : raw).trim();
  if (s === "") { errors[name] = "Enter a value."; return null; }
  if (!NUMBER.test(s) || !isFinite(Number(s))) {
    errors[name] = "Not a number: \u201c" + s.slice(0, 20) + "\u201d.";
    return null;
  }
  var v = Number(s), most = name === "num_layers" ? 100 : 1e5;
  if (name !== "dropout" && v > most) errors[name] = "At most " + most + " here.";
  return v;
}

function pyFloat(v) {  // Python's repr
  return Number.isInteger(v) ? v + ".0" : v < 1e-4 ? v.toExponential().replace(/e-(\d)$/, "e-0$1")
    : String(v);
}
function tuple(shape) { return "(" + shape.join(", ") + (shape.length === 1 ? ",)" : ")"); }
function dim(size, what, by) { return {size: size, what: what, by: by}; }

/* All the page shows for a configuration (form values). */
function explore(raw) {
  var c = {}, errors = {}, k;
  for (k in PRESET) c[k] = raw[k] === undefined ? PRESET[k] : raw[k];
  var mode = ["LSTM", "GRU", "RNN"].indexOf(c.mode) >= 0 ? c.mode : "LSTM";
  var bi = c.bidirectional === true, bf = c.batch_first === true, unb = c.unbatched === true;
  var layout = ["equal", "padded", "packed"].indexOf(c.layout) >= 0 ? c.layout : "equal";
  var v = {};
  ["input_size", "hidden_size", "num_layers", "proj_size", "dropout", "seq_len", "batch"]
    .forEach(name => { v[name] = parse(c[name], name, errors); });
  var torch = null, lengths = null;
  function fail(field, type, message) {
    if (!torch) torch = {field: field, type: type, message: message};
    return false;
  }
  function notWhole(name) {
    errors[name] = "Expected a whole number, got " + String(c[name]).trim() + ".";
    return false;
  }
  function whole(name, typeError) {  // false: torch fails, or we cannot tell
    if (v[name] === null) return false;
    if (Number.isInteger(v[name])) return true;
    if (typeError) return fail(name, "TypeError", name + " should be of type int, got: float");
    return notWhole(name);
  }
  // The constructor's checks, in the order torch 2.13 runs them.
  (() => {
    if (mode !== "LSTM" && v.proj_size !== null && v.proj_size !== 0)
      return fail("proj_size", "ValueError", MSG.proj);
    if (v.dropout === null) return;
    if (v.dropout < 0 || v.dropout > 1) return fail("dropout", "ValueError", MSG.dropout);
    var sizes = ["input_size", "hidden_size"];
    for (var i = 0; i < 2; i++) {
      if (!whole(sizes[i], true)) return;
      if (v[sizes[i]] <= 0)
        return fail(sizes[i], "ValueError", sizes[i] + " must be greater than zero");
    }
    if (!whole("num_layers")) return;
    if (v.num_layers <= 0) return fail("num_layers", "ValueError",
      "num_layers must be greater than zero");
    if (mode === "LSTM") {
      if (!whole("proj_size")) return;
      if (v.proj_size < 0) return fail("proj_size", "ValueError", MSG.projNeg);
      if (v.proj_size >= v.hidden_size) return fail("proj_size", "ValueError", MSG.projBig);
    }
  })();
  ["proj_size", "seq_len", "batch"].forEach(name => {
    if (v[name] !== null && !errors[name] && !Number.isInteger(v[name]))
      notWhole(name);
  });
  if (unb) delete errors.batch;
  var T = v.seq_len, N = unb ? 1 : v.batch;
  if (Number.isInteger(T) && T < 0) errors.seq_len = "Must be 0 or more.";
  if (Number.isInteger(N) && N < 0) errors.batch = "Must be 0 or more.";
  // The forward call: packing first, then the module.
  if (layout !== "equal") {
    if (unb) errors.layout = "Padding and packing need a batch: unbatched input is one sequence.";
    else if (N === 0) errors.layout = "Padding and packing need at least one sequence.";
    else if (!errors.batch && Number.isInteger(N)) {
      var parts = String(c.lengths).split(/[\s,]+/).filter(Boolean);
      if (!parts.length) errors.lengths = "Enter one length per sequence, e.g. 5, 3, 2.";
      else if (parts.length !== N)
        errors.lengths = "Expected " + N + " lengths (one per sequence), got " + parts.length + ".";
      else {
        lengths = parts.map(Number);
        var bad = parts.filter(p => !/^[-+]?\d+$/.test(p))[0];
        var most = Math.max.apply(null, lengths), least = Math.min.apply(null, lengths);
        if (bad !== undefined) errors.lengths = "Expected whole numbers, got \u201c" +
          bad.slice(0, 20) + "\u201d.";
        else if (Number.isInteger(T) && most > T)
          errors.lengths = "Each length must be at most the sequence length " + T + ", got " +
            most + ".";
        else if (least <= 0) {
          if (layout === "packed" && !torch) fail("lengths", "RuntimeError", MSG.pack);
          else if (layout === "padded") errors.lengths = "Each length must be at least 1.";
        }
      }
    }
  }
  if (T === 0 && !errors.lengths) fail("seq_len", "RuntimeError", MSG.seq);
  var warning = null;
  if (!torch && v.dropout > 0 && v.num_layers === 1)
    warning = "dropout option adds dropout after all but last recurrent layer, so non-zero " +
      "dropout expects num_layers greater than 1, but got dropout=" + pyFloat(v.dropout) +
      " and num_layers=1";
  var out = {errors: errors, torch: torch, warning: warning, ok: false};
  if (torch) errors[torch.field] = torch.type + ": " + torch.message;
  for (k in errors) return out;
  out.ok = true;
  return describe(out, mode, v, bi, bf, unb, layout, lengths);
}

function describe(out, mode, v, bi, bf, unb, layout, lengths) {
  var L = v.num_layers, D = bi ? 2 : 1, T = v.seq_len, N = unb ? null : v.batch;
  var proj = mode === "LSTM" && v.proj_size > 0, H = proj ? v.proj_size : v.hidden_size;
  var lstm = mode === "LSTM", packed = layout === "packed", rows = L * D;
  var byH = proj ? "proj_size" : "hidden_size";
  out.module = "nn." + mode + "(" + ["input_size=" + v.input_size, "hidden_size=" + v.hidden_size,
    L > 1 && "num_layers=" + L, bi && "bidirectional=True", bf && "batch_first=True",
    proj && "proj_size=" + v.proj_size, v.dropout > 0 && "dropout=" + pyFloat(v.dropout)
  ].filter(Boolean).join(", ") + ")";
  var total = 0, longest = 0;
  if (packed) lengths.forEach(n => { total += n; longest = Math.max(longest, n); });
  var dT = dim(T, "time steps", "your sequence length");
  var dN = dim(N, "sequences", "your batch size");
  var dIn = dim(v.input_size, "features per step", "input_size");
  var dOut = dim(D * H, bi ? "forward and backward halves, " + H + " each" : "state size",
    (bi ? "bidirectional \u00d7 " : "") + byH);
  var dRows = dim(rows, "layers \u00d7 directions (" + L + " \u00d7 " + D + ")",
    "num_layers" + (bi ? ", bidirectional" : ""));
  var dH = dim(H, proj ? "projected state size" : "state size", byH);
  var dC = dim(v.hidden_size, "cell state size", "hidden_size");
  var dSum = dim(total, "valid steps of all sequences (sum of lengths)", "lengths");
  var dLong = dim(longest, "steps of the longest sequence (max of lengths)", "lengths");
  function seq(t, f) { return unb ? [t, f] : bf ? [dN, t, f] : [t, dN, f]; }
  function state(f) { return unb ? [dRows, f] : [dRows, dN, f]; }
  var tensors = out.tensors = [];
  function t(name, code, dims) {
    tensors.push({name: name, code: code || name, dims: dims, shape: dims.map(d => d.size)});
  }
  t("input", "x", seq(dT, dIn));
  if (packed) t("input, packed", "packed.data", [dSum, dIn]);
  t("h_0", 0, state(dH));
  if (lstm) t("c_0", 0, state(dC));
  if (packed) {
    t("output (PackedSequence)", "output.data", [dSum, dOut]);
    t("output, padded back", "padded", seq(dLong, dOut));
  } else t("output", 0, seq(dT, dOut));
  t("h_n", 0, state(dH));
  if (lstm) t("c_n", 0, state(dC));
  out.rows = [];
  for (var r = 0; r < rows; r++)
    out.rows.push({row: r, negative: r - rows, layer: Math.floor(r / D), direction: r % D});
  out.columns = [{direction: 0, start: 0, stop: H}];
  if (bi) out.columns.push({direction: 1, start: H, stop: 2 * H});
  var o = packed ? "padded" : "output", n = unb ? "" : ":, ";
  function step(t, half) {
    return o + (bf && !unb ? "[:, " + t + ", " + half + "]" : "[" + t + ", " + n + half + "]");
  }
  var ex = [], facts = [], sN = unb ? [] : [N];
  function add(name, code, shape, what, key) {
    ex.push({name: name, code: code, shape: shape, what: what, key: key});
  }
  if (packed) add("padded", "pad_packed_sequence(output" + (bf ? ", batch_first=True" : "") +
    ")[0]", tensors[tensors.length - (lstm ? 3 : 2)].shape,
    "output as a padded tensor (zeros after each sequence's end)", "padded");
  add("by_layer", "h_n.view(" + [L, D].concat(sN, [H]).join(", ") + ")", [L, D].concat(sN, [H]),
    "h_n as (layer, direction" + (unb ? "" : ", batch") + ", feature)", "view");
  add("top_forward", "h_n[" + -D + "]", sN.concat([H]),
    "the top layer's forward final state", "top_fwd");
  facts.push(["top_forward", "by_layer[-1, 0]"]);
  if (layout !== "packed") facts.push(["top_forward", step(-1, ":" + H)]);
  if (bi) {
    add("top_backward", "h_n[-1]", sN.concat([H]),
      "the top layer's backward final state (it ends at step 0)", "top_bwd");
    facts.push(["top_backward", "by_layer[-1, 1]"], ["top_backward", step(0, H + ":")]);
  }
  add("summary", bi ? "torch.cat([h_n[-2], h_n[-1]], dim=-1)" : "h_n[-1]",
    sN.concat([D * H]), "one vector per sequence: the top layer's final state" +
    (bi ? "s, forward then backward" : ""), "summary");
  if (layout !== "equal") {
    var at = bf ? "[torch.arange(" + N + "), lengths - 1]" : "[lengths - 1, torch.arange(" + N + ")]";
    add("last_valid", o + at, [N, D * H], "output at each sequence's last real step", "last_valid");
    if (packed) facts.push(["top_forward", "last_valid[:, :" + H + "]"]);
  }
  if (bi) {
    add("forward_rows", "h_n[0::2]", [L].concat(sN, [H]),
      "forward final states of every layer, for a unidirectional decoder", "fwd_rows");
    add("backward_rows", "h_n[1::2]", [L].concat(sN, [H]), "backward final states of every layer",
      "bwd_rows");
    facts.push(["forward_rows", "by_layer[:, 0]"], ["backward_rows", "by_layer[:, 1]"]);
    add("decoder_h0", "torch.cat([h_n[0::2], h_n[1::2]], dim=-1)", [L].concat(sN, [2 * H]),
      "both directions per layer: h_0 for a decoder of state size " + 2 * H, "dec_h");
    if (lstm) add("decoder_c0", "torch.cat([c_n[0::2], c_n[1::2]], dim=-1)",
      [L].concat(sN, [2 * v.hidden_size]), "the matching c_0 for that decoder", "dec_c");
  }
  out.expressions = ex;
  out.facts = facts;
  var notes = [];
  if (layout === "padded") {
    notes.push("h_n is the state after all " + T + " steps, padding included.");
    if (bi && L > 1) notes.push("The layer above reads the backward direction, which starts on " +
      "the padding: even the forward half of last_valid depends on the padding. Pack instead.");
  }
  if (packed) notes.push("h_n holds each sequence's states at its own length, in batch order.");
  if (unb) notes.push("Unbatched input has no batch dimension" + (bf ? ": batch_first does " +
    "not apply to it." : "."));
  out.notes = notes;
  out.snippet = snippet(out, mode, v, bf, unb, layout, lengths, lstm, packed);
  return out;
}

function snippet(out, mode, v, bf, unb, layout, lengths, lstm, packed) {
  var t = out.tensors, lines = ["import torch", "from torch import nn"];
  if (packed) lines.push("from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence");
  lines.push("", "torch.manual_seed(0)", "rnn = " + out.module,
    "x = torch.randn" + tuple(t[0].shape));
  if (layout !== "equal") lines.push("lengths = torch.tensor([" + lengths.join(", ") + "])");
  lines.push("h_0 = torch.zeros" + tuple(t[packed ? 2 : 1].shape));
  if (lstm) lines.push("c_0 = torch.zeros" + tuple(t[packed ? 3 : 2].shape));
  var input = "x";
  if (packed) {
    lines.push("packed = pack_padded_sequence(x, lengths" + (bf ? ", batch_first=True" : "") +
      ", enforce_sorted=False)");
    input = "packed";
  }
  lines.push((lstm ? "output, (h_n, c_n)" : "output, h_n") + " = rnn(" + input +
    (lstm ? ", (h_0, c_0))" : ", h_0)"));
  out.expressions.forEach(e => { lines.push(e.name + " = " + e.code); });
  lines.push("");
  t.forEach(x => {
    lines.push("assert tuple(" + x.code + ".shape) == " + tuple(x.shape) + "  # " + x.name);
  });
  out.expressions.forEach(e => {
    if (e.key !== "padded") lines.push("assert tuple(" + e.name + ".shape) == " + tuple(e.shape));
  });
  out.facts.forEach(f => {
    lines.push("torch.testing.assert_close(" + f[0] + ", " + f[1] + ")");
  });
  var map = out.rows.map(r => "(" + r.layer + ", " + r.direction + ")");
  lines.push("for row, (layer, direction) in enumerate([" + map.join(", ") + "]):",
    "    torch.testing.assert_close(h_n[row], by_layer[layer, direction])",
    "print(\"Every fact the explorer shows holds for this module.\")");
  return lines.join("\n") + "\n";
}

var api = {explore: explore, PRESET: PRESET, render: render, use: t => { Z = t; }};
if (typeof module === "object" && module.exports) module.exports = api;
if (typeof document !== "object") return;  // Node: the rules only
var SVG = 'font-family="DejaVu Sans, sans-serif" font-size="12" role="img"';
var FWD = ["#0072B2", "#DCEBF6"], BWD = ["#D55E00", "#F9E2D2"];
var Z, NUM = /(?<![\w.])[-+]?(\d+(\.\d+)?|\.\d+)(e[-+]?\d+)?|“[^”]*”/gi;
function tr(text, a) {  // key: English, a's items (or numbers, quoted input) as {0}...
  var k = a ? text : text.replace(NUM, m => "{" + ((a = a || []).push(m) - 1) + "}");
  return (Z && Z[k] || k).replace(/\{(\d)\}/g, (m, i) => a[i]);
}
function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}
function shape(s) { return "(" + s.join(", ") + ")"; }
function dir(d) { return tr(d ? "backward \u2190" : "forward \u2192"); }
function query(raw) {  // switches as 1 and 0
  var p = new URLSearchParams();
  for (var k in PRESET) p.set(k, raw[k] === true ? 1 : raw[k] === false ? 0 : raw[k]);
  return p.toString();
}
function fromQuery(search) {
  var p = new URLSearchParams(search), raw = {};
  for (var k in PRESET) if (p.has(k)) raw[k] = PRESET[k] === !!PRESET[k] ? p.get(k) === "1" : p.get(k);
  return raw;
}
function hatch(id) {
  return '<pattern id="' + id + '" width="6" height="6" patternUnits="userSpaceOnUse">' +
    '<rect width="6" height="6" fill="' + BWD[1] + '"/><path d="M0 6L6 0M-1 1L1 -1M5 7L7 5"' +
    ' stroke="' + BWD[0] + '" stroke-opacity=".45"/></pattern>';
}
function box(x, y, w, h, d, id) {
  return '<rect x="' + x + '" y="' + y + '" width="' + w + '" height="' + h + '" rx="3" fill="' +
    (d ? "url(#" + id + ")" : FWD[1]) + '" stroke="' + (d ? BWD : FWD)[0] + '"' +
    (d ? ' stroke-dasharray="4 2"' : "") + "/>";
}
function rowsSvg(res, id) {
  var n = res.rows.length, h = 22 * n + 16, s = "", title = res.rows.map(r => tr(
    "row {0} is layer {1} {2}", [r.row, r.layer, dir(r.direction).slice(0, -2)])).join(tr(", "));
  res.rows.forEach((r, i) => {
    var y = 8 + 22 * i;
    if (!r.direction) s += '<text x="12" y="' + (y + 15) + '">' + tr("layer {0}", [r.layer]) +
      "</text>";
    s += box(96, y, 292, 18, r.direction, id) + '<text x="106" y="' + (y + 13) +
      '" font-family="DejaVu Sans Mono, monospace">h_n[' + r.row + ']</text><text x="196" y="' +
      (y + 13) + '">' + dir(r.direction) + "</text>";
  });
  return svg(id, h, tr("Rows of h_n: {0}.", [title]), s);
}
function svg(id, h, title, inner) {  // on the diagrams' white card
  return "<svg " + SVG + ' viewBox="0 0 400 ' + h + '" aria-labelledby="' + id + 't"><title id="' +
    id + 't">' + title + "</title><defs>" + hatch(id) + '</defs><rect x=".5" y=".5" width="399"' +
    ' height="' + (h - 1) + '" rx="6" fill="#fff" stroke="#D0D7DE"/>' + inner + "</svg>";
}
function colsSvg(res, id) {
  var c = res.columns, w = 376 / c.length, s = "";
  c.forEach((b, i) => {
    var x = 12 + w * i;
    s += box(x, 24, w - 4, 26, b.direction, id) + '<text x="' + (x + 8) + '" y="41">' +
      dir(b.direction) + '</text><text x="' + (x + 2) + '" y="16">' + b.start + "\u2013" +
      (b.stop - 1) + "</text>";
  });
  return svg(id, 62, tr("Last dimension of output: {0}.", [c.map(b => tr("columns {0} to {1} {2}",
    [b.start, b.stop - 1, dir(b.direction).slice(0, -2)])).join(tr(", "))]), s);
}
function head(cap, cols) {
  return "<caption>" + tr(cap) + "</caption><thead><tr>" + cols.map(c => '<th scope="col">' +
    tr(c) + "</th>").join("") + "</tr></thead><tbody>";
}
function render(res, full, id) {
  var h = full ? t => "<h2>" + tr(t) + "</h2>" : () => "";
  var s = "<p>" + tr("Module: {0}", ['<code class="lx-module">' + esc(res.module) + "</code>"]) +
    "</p>";
  if (res.warning) s += '<p class="lx-warn">' + tr("PyTorch warns: {0}", [esc(res.warning)]) +
    "</p>";
  if (full && res.notes.length) s += "<ul>" + res.notes.map(n =>
    "<li>" + esc(tr(n)) + "</li>").join("") + "</ul>";
  s += h("Shapes") + '<table class="lx-shapes">' + head("Shapes: what each dimension counts " +
    "(set by)", ["Tensor", "Shape", "Dimensions"]);
  res.tensors.forEach(t => {
    s += '<tr data-tensor="' + esc(t.name) + '"><th scope="row"><code>' + esc(t.code) +
      "</code>" + (t.code === t.name ? "" : "<br><small>" + esc(tr(t.name)) + "</small>") +
      '</th><td><code class="lx-shape">' + shape(t.shape) + "</code></td><td><ul>" +
      t.dims.map(d => {
        var by = /^your/.test(d.by) ? esc(tr(d.by)) : "<code>" + d.by + "</code>";
        return "<li>" + tr("{0}: {1} ({2})", [d.size, esc(tr(d.what)), by]) + "</li>";
      }).join("") + "</ul></td></tr>";
  });
  s += "</tbody></table>" + h("Rows of h_n") + '<table class="lx-rows">' + head("Which row of " +
    "<code>h_n</code> is which layer and direction", ["Row", "Same row", "Layer", "Direction"]);
  res.rows.forEach(r => {
    s += "<tr><td><code>h_n[" + r.row + "]</code></td><td><code>h_n[" + r.negative +
      "]</code></td><td>" + r.layer + "</td><td>" + dir(r.direction) + "</td></tr>";
  });
  s += "</tbody></table>";
  if (!full) return s;
  s += '<figure class="lx-figure">' + rowsSvg(res, id + "-r") + "</figure>" +
    h("Last dimension of output") + '<figure class="lx-figure">' + colsSvg(res, id + "-c") +
    "</figure><p>" + tr("Top layer only: {0}.", [res.columns.map(b => "<code>output[..., " +
      b.start + ":" + b.stop + "]</code> " + dir(b.direction).slice(0, -2)).join(tr(", "))]) +
    "</p>" + h("Expressions") + '<dl class="lx-expr">';
  res.expressions.forEach(e => {
    s += "<dt><code>" + esc(e.name + " = " + e.code) + "</code></dt><dd>" + shape(e.shape) +
      ": " + esc(tr(e.what)) + "</dd>";
  });
  return s + "</dl>" + h("Runnable snippet") + '<button type="button" class="lx-copy">' +
    tr("Copy snippet") + '</button><pre tabindex="0" aria-label="' + tr("Runnable snippet") +
    '"><code>' + esc(res.snippet) + "</code></pre>";
}

function mount(el) {
  var id = el.querySelector("[id]").id.split("-")[0], full = el.dataset.kind !== "compact";
  var good = null, timer = 0;
  Z = (window.lstmExplorerStrings || {})[el.dataset.lang];
  el.querySelector(".lx-ui").hidden = false;
  var f = el.querySelector("form"), status = el.querySelector(".lx-status");
  var errorBox = el.querySelector(".lx-error"), body = el.querySelector(".lx-body");
  function read() {
    var raw = {};
    for (var k in PRESET) {
      var input = f.elements[k];
      raw[k] = input ? (input.type === "checkbox" ? input.checked : input.value) : PRESET[k];
    }
    return raw;
  }
  function write(raw) {
    for (var k in PRESET) {
      var input = f.elements[k], v = raw[k] === undefined ? PRESET[k] : raw[k];
      if (input && input.type === "checkbox") input.checked = v === true;
      else if (input) input.value = v;
    }
  }
  function update(push, e) {
    var raw = read(), ls = [];
    if (e && e.target.name === "layout" && !raw.lengths.trim()) {  // suggest lengths: T, T-1, ...
      for (var i = 0; i < raw.batch && i < 1000; i++) ls.push(Math.max(1, raw.seq_len - i));
      f.elements.lengths.value = raw.lengths = ls.join(", ");
    }
    var res = explore(raw);
    Object.keys(PRESET).forEach(k => {
      var box = el.querySelector('[data-field="' + k + '"]');
      if (!box) return;
      var msg = res.errors[k] || "", input = f.elements[k];
      box.querySelector(".lx-msg").textContent = tr(msg);
      if (msg) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
    [["lengths", raw.layout === "equal"], ["batch", raw.unbatched]].forEach(p => {
      var fb = el.querySelector('[data-field="' + p[0] + '"]');
      if (fb) fb.hidden = p[1] === true && !res.errors[p[0]];
    });
    var said;
    if (res.ok) {
      good = res;
      errorBox.hidden = true;
      body.innerHTML = render(res, full, id);
      said = res.tensors.filter(t => /^(output|h_n|c_n)$/.test(t.code))
        .map(t => t.code + " " + shape(t.shape)).join(", ");
      if (push && full && location.search.slice(1) !== query(raw))
        history.pushState(null, "", "?" + query(raw));
    } else {
      var first = Object.keys(res.errors)[0];
      errorBox.hidden = false;
      errorBox.innerHTML = (res.torch ? tr("PyTorch would raise {0}", ["<code>" +
        esc(res.torch.type + ": " + res.torch.message) + "</code>"]) : tr("Check {0}: {1}",
        [esc(first), esc(tr(res.errors[first]))])) +
        (good ? tr(" Below: the last valid configuration.") : "");
      said = errorBox.textContent;
    }
    var link = el.querySelector(".lx-full");
    if (link && res.ok) link.search = "?" + query(raw);
    clearTimeout(timer);
    timer = setTimeout(() => { status.textContent = said; }, 250);
  }
  body.addEventListener("click", e => {
    var b = e.target;
    if (b.className !== "lx-copy") return;
    function done(ok) { b.textContent = ok ? tr("Copied") : tr("Select the snippet to copy it"); }
    if (!navigator.clipboard) return done();
    navigator.clipboard.writeText(good.snippet).then(() => { done(1); }, done);
  });
  f.addEventListener("submit", e => { e.preventDefault(); update(true); });
  f.addEventListener("input", e => { update(false, e); });
  f.addEventListener("change", e => { update(true, e); });
  if (full) window.addEventListener("popstate", () => {
    write(fromQuery(location.search)); update(false);
  });
  write(full ? fromQuery(location.search) : {});
  update(false);
}
function start() {
  Array.prototype.forEach.call(document.querySelectorAll(".lstm-explorer"), mount);
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
})();
