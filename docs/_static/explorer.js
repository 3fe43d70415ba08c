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
  if (name !== "dropout" && v > most)
    errors[name] = "At most " + most + " here (PyTorch itself accepts more).";
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
  if (Number.isInteger(T) && T < 0) errors.seq_len = "Must be at least 1.";
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
    if (bi) ex[ex.length - 1].note = "Its backward half is no summary: the backward direction " +
      (packed ? "starts at each sequence's last step, so there it has taken one step. Use " :
      "starts at step " + (T - 1) + ", so at a shorter sequence's end it has read the padding. " +
      "Pack and use ") + "<code>summary</code>.";
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
  var G = {LSTM: 4, GRU: 3, RNN: 1}[mode], gates = G * v.hidden_size, params = out.params = [];
  var count = 0;
  for (var l = 0; l < L; l++) for (var d = 0; d < D; d++) {
    var sfx = "_l" + l + (d ? "_reverse" : "");
    [["weight_ih", [gates, l ? D * H : v.input_size]], ["weight_hh", [gates, H]],
      ["bias_ih", [gates]], ["bias_hh", [gates]], proj && ["weight_hr", [H, v.hidden_size]]]
      .forEach(p => {
        if (!p) return;
        var n = p[1].reduce((a, b) => a * b, 1);
        count += n;
        params.push({name: p[0] + sfx, shape: p[1], numel: n});
      });
  }
  out.parameters = count;
  var mem = out.memory = [];
  tensors.forEach(x => {
    if (/^(output|output\.data|h_n|c_n)$/.test(x.code))
      mem.push({name: x.code, bytes: 4 * x.shape.reduce((a, b) => a * b, 1)});
  });
  mem.push({name: "parameters", bytes: 4 * count});
  if (packed) {
    var order = lengths.map((n, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
    var sizes = [], back = [];
    for (var s = 0; s < longest; s++) sizes.push(lengths.filter(n => n > s).length);
    order.forEach((i, k) => { back[i] = k; });
    out.packing = {batch_sizes: sizes, sorted_indices: order, unsorted_indices: back,
      sorted: lengths.every((n, i) => !i || n <= lengths[i - 1])};
  }
  out.steps = packed ? longest : T;
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

/* The inputs x_s that layer l, direction d, has read at step t of a T-step sequence: [from, to]. */
function reads(D, T, l, d, t) {
  return D > 1 && l > 0 ? [0, T - 1] : d ? [t, T - 1] : [0, t];
}
/* What a selection in the picture stands for: {cells: [[l, d, t]], x: [from, to] or null,
   out: [[t, d]], rows: [h_n rows]}. pick: ["cell", l, d, t], ["row", r], ["out", t, d] or
   ["expr", key]; the picture draws one sequence of res.steps steps. */
function links(res, pick) {
  var D = res.columns.length, L = res.rows.length / D, T = res.steps, last = T - 1;
  var k = pick[0], cells = [], fin = (l, d) => [l, d, d ? 0 : last];
  if (k === "cell") cells = [pick.slice(1)];
  else if (k === "row") cells = [fin(Math.floor(pick[1] / D), pick[1] % D)];
  else if (k === "out") cells = [[L - 1, pick[2], pick[1]]];
  else res.rows.forEach(r => {
    var top = r.layer === L - 1, e = pick[1];
    if (e === "view" || /^dec_/.test(e) || e === "summary" && top ||
      e === "fwd_rows" && !r.direction || e === "bwd_rows" && r.direction ||
      e === "top_fwd" && top && !r.direction || e === "top_bwd" && top && r.direction)
      cells.push(fin(r.layer, r.direction));
  });
  var out = {cells: cells, x: null, out: [], rows: []};
  if (k === "expr") return out;
  var c = cells[0];
  out.x = reads(D, T, c[0], c[1], c[2]);
  if (c[0] === L - 1) out.out.push([c[2], c[1]]);
  if (c[2] === fin(c[0], c[1])[2]) out.rows.push(c[0] * D + c[1]);
  return out;
}
function fromQuery(search) {  // [form values, what was ignored]
  var p = new URLSearchParams(search), raw = {}, ignored = [];
  p.forEach((value, k) => {
    var bool = PRESET[k] === !!PRESET[k], v = value.toLowerCase(), choices = {mode:
      ["LSTM", "GRU", "RNN"], layout: ["equal", "padded", "packed"]}[k];
    var why = !(k in PRESET) ? [] : bool ? !/^(1|true|0|false)$/.test(v) &&
      ["1", "0", "true", "false"] : choices && choices.indexOf(value) < 0 && choices;
    if (why) ignored.push([k + "=" + value, why]);
    else raw[k] = bool ? v === "1" || v === "true" : value;
  });
  return [raw, ignored];
}

var api = {explore: explore, PRESET: PRESET, render: render, reads: reads, links: links,
  fromQuery: fromQuery,
  use: t => { Z = t; }};
if (typeof module === "object" && module.exports) module.exports = api;
if (typeof document !== "object") return;  // Node: the rules only
var NET = "The unrolled network: {0} layers, {1} directions, {2} steps; a box per layer, " +
  "direction and step.", PICK = "Select a box (arrow keys move), a row of h_n or an " +
  "expression to mark the inputs the box has read and the slices it feeds.",
  WIRED = "{0} has {1} columns: layer 1 reads both directions of layer 0 at every step, so " +
  "above layer 0 each direction has read the whole sequence ({2}).";
var SVG = 'font-family="DejaVu Sans, sans-serif" font-size="12"';
var FWD = ["#0072B2", "#DCEBF6"], BWD = ["#D55E00", "#F9E2D2"], MONO = ' font-family="DejaVu ' +
  'Sans Mono, monospace"';
var Z, NUM = /(?<![\w.])[-+]?(\d+(\.\d+)?|\.\d+)(e[-+]?\d+)?|“[^”]*”/gi;
function tr(text, a) {  // key: English, a's items (or numbers, quoted input) as {0}...
  var k = a ? text : text.replace(NUM, m => "{" + ((a = a || []).push(m) - 1) + "}");
  return (Z && Z[k] || k).replace(/\{(\d)\}/g, (m, i) => a[i]);
}
function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}
function code(s, c) { return "<code" + (c ? ' class="' + c + '"' : "") + ">" + esc(s) + "</code>"; }
function dir(d) { return tr(d ? "backward \u2190" : "forward \u2192"); }
function word(d) { return dir(d).slice(0, -2); }
function query(raw) {  // switches as 1 and 0
  var p = new URLSearchParams();
  for (var k in PRESET) p.set(k, raw[k] === true ? 1 : raw[k] === false ? 0 : raw[k]);
  return p.toString();
}
function hatch(id) {
  return '<pattern id="' + id + '" width="6" height="6" patternUnits="userSpaceOnUse">' +
    '<rect width="6" height="6" fill="' + BWD[1] + '"/><path d="M0 6L6 0M-1 1L1 -1M5 7L7 5"' +
    ' stroke="' + BWD[0] + '" stroke-opacity=".45"/></pattern>';
}
function text(x, y, s, more) {
  return '<text x="' + x + '" y="' + y + '"' + (more || "") + ">" + s + "</text>";
}
function svg(id, w, h, title, inner, more) {  // on the diagrams' white card
  return "<svg " + SVG + ' viewBox="0 0 ' + w + " " + h + '" aria-labelledby="' + id + 't"' +
    (more || ' role="img"') + '><title id="' + id + 't">' + title + "</title><defs>" + hatch(id) +
    '</defs><rect x=".5" y=".5" width="' + (w - 1) + '" height="' + (h - 1) + '" rx="6" ' +
    'fill="#fff" stroke="#D0D7DE"/>' + inner + "</svg>";
}
function shown(n, most, keep) {  // indices drawn, null for the elided run
  var a = [];
  for (var i = 0; i < n; i++) if (n <= most || i < keep || i >= n - keep) a.push(i);
    else if (i === keep) a.push(null);
  return a;
}
/* The unrolled network: a box per layer, direction and step; x below, output above. */
function netSvg(res, id) {
  var D = res.columns.length, L = res.rows.length / D, T = res.steps, W = 64, X = 104;
  var steps = shown(T, 10, 4), layers = shown(L, 4, 2), s = "", y = 40, lines = "";
  var xs = steps.map((t, i) => X + i * (W + 12)), w = xs[xs.length - 1] + W + 12;
  function g(key, label, x, y, d, more) {  // a box one can select; its look: explorer.css
    return '<g class="lx-pt" data-k="' + key + '" role="button" tabindex="-1" aria-label="' +
      esc(label) + '"><rect class="lx-d' + d + (more ? "" : " lx-c") + '" x="' + x + '" y="' +
      y + '"' + (d ? ' fill="url(#' + id + ')"' : "") + (more || "") + "/></g>";
  }
  s += text(8, 28, "output", MONO);
  steps.forEach((t, i) => {
    if (t !== null) res.columns.forEach((b, d) => {
      s += g("o" + t + "_" + d, "output[" + t + "] " + word(d), xs[i] + d * W / D, 12, d,
        ' width="' + (W / D - 2) + '" height="22"');
    });
  });
  layers.forEach(l => {
    if (l === null) {
      s += text(X, y + 14, tr("{0} more layers", [L - 4]));
      y += 24;
      return;
    }
    for (var d = 0; d < D; d++) {
      s += text(8, y + 20, tr("layer {0}", [l]) + (D > 1 ? " " + (d ? "\u2190" : "\u2192") : ""));
      steps.forEach((t, i) => {
        if (t === null) { s += text(xs[i] + 4, y + 20, "\u22ef"); return; }
        var r = l * D + d, fin = t === (d ? 0 : T - 1);
        s += g("c" + l + "_" + d + "_" + t, tr("layer {0} {1}, step {2}", [l, word(d), t]) +
          (fin ? ", h_n[" + r + "]" : ""), xs[i], y, d) +
          (fin ? text(xs[i] + 5, y + 20, "h_n[" + r + "]", MONO + ' pointer-events="none"') : "");
        if (i && steps[i - 1] !== null)  // an arrowhead in the gap, the way the direction runs
          lines += "M" + (xs[i] - (d ? 4 : 8)) + " " + (y + 11) + (d ? "l-6 4 6 4z" : "l6 4-6 4z");
      });
      y += 36;
    }
    y += 12;
  });
  s += text(8, y + 18, "x", MONO);
  steps.forEach((t, i) => {
    lines += "M" + (xs[i] + W / 2) + " 34V" + y;  // a step's column: x up to output
    s += t === null ? text(xs[i] + 4, y + 18, tr("{0} more", [T - 8])) : '<g data-k="x' + t +
      '"><rect class="lx-x" x="' + xs[i] + '" y="' + y + '"/>' + text(xs[i] + 8, y + 18, "x[" +
      t + "]", MONO) + "</g>";
  });
  return svg(id, w, y + 36, tr(NET, [L, D, T]), '<path d="' + lines + '" stroke="#8C959F" ' +
    'fill="#57606A"/>' + s, ' role="group" width="' + w + '" data-w="' +
    steps.filter(t => t !== null).length + '"');
}
function head(cap, cols) {
  return "<caption>" + tr(cap) + "</caption><thead><tr>" + cols.map(c => '<th scope="col">' +
    tr(c) + "</th>").join("") + "</tr></thead><tbody>";
}
function bytes(n) {
  return n.toLocaleString("en") + " B" + (n < 1e6 ? "" : " (" + (n / 1e6).toFixed(1) + " MB)");
}
function render(res, full, id) {
  var h = full ? t => "<!---->\n<h2>" + tr(t) + "</h2>" : () => "";  // a section per heading
  var s = "<p>" + tr("Module: {0}", [code(res.module, "lx-module")]) + "</p>";
  if (res.warning) s += '<p class="lx-warn">' + tr("PyTorch warns: {0}", [esc(res.warning)]) +
    "</p>";
  if (full && res.notes.length) s += "<ul>" + res.notes.map(n =>
    "<li>" + esc(tr(n)) + "</li>").join("") + "</ul>";
  s += h("Shapes") + '<table class="lx-shapes">' + head("Shapes: what each dimension counts " +
    "(set by)", ["Tensor", "Shape", "Dimensions"]);
  res.tensors.forEach(t => {
    s += '<tr data-tensor="' + esc(t.name) + '"><th scope="row">' + code(t.code) +
      (t.code === t.name ? "" : "<br><small>" + esc(tr(t.name)) + "</small>") + "</th><td>" +
      code(tuple(t.shape), "lx-shape") + "</td><td><ul>" + t.dims.map(d => {
        var by = /^your/.test(d.by) ? esc(tr(d.by)) : code(d.by);
        return "<li>" + tr("{0}: {1} ({2})", [d.size, esc(tr(d.what)), by]) + "</li>";
      }).join("") + "</ul></td></tr>";
  });
  s += "</tbody></table>" + h("Rows of h_n") + '<table class="lx-rows">' + head("Which row of " +
    "<code>h_n</code> is which layer and direction", ["Row", "Same row", "Layer", "Direction"]);
  res.rows.forEach(r => {
    var name = "h_n[" + r.row + "]";
    s += '<tr data-row="' + r.row + '"><td>' + (full ? '<button type="button" class="lx-pick" ' +
      'data-pick="row ' + r.row + '">' + code(name) + "</button>" : code(name)) + "</td><td>" +
      code("h_n[" + r.negative + "]") + "</td><td>" + r.layer + "</td><td>" + dir(r.direction) +
      "</td></tr>";
  });
  s += "</tbody></table>";
  if (!full) return s;
  s += h("The unrolled network") + '<p id="' + id + '-nh">' + tr(PICK) + '</p><div class="lx-scroll lx-net"' +
    ' role="region" tabindex="0" aria-labelledby="' + id + '-nh">' + netSvg(res, id + "-n") +
    '</div><p class="lx-said" aria-live="polite"></p>';
  s += h("Last dimension of output") + "<p>" + tr("Top layer only: {0}.", [res.columns.map(b => code("output[..., " +
      b.start + ":" + b.stop + "]") + " " + word(b.direction)).join(tr(", "))]) +
    "</p>" + h("Expressions") + '<dl class="lx-expr">';
  res.expressions.forEach(e => {
    var c = code(e.name + " = " + e.code);
    s += "<dt>" + (/^(padded|last_valid)$/.test(e.key) ? c : '<button type="button" class="lx-pick" data-pick=' +
      '"expr ' + e.key + '">' + c + "</button>") + "</dt><dd>" + code(tuple(e.shape), "lx-shape") +
      ": " + esc(tr(e.what)) + (e.note ? '<br><strong class="lx-note">' + tr(e.note) +
      "</strong>" : "") + "</dd>";
  });
  var many = res.params.length > 16;  // folded: a long table costs every update its layout
  s += "</dl>" + h("Weights") + (many ? "<details><summary>" + tr("{0} parameters, {1} numbers",
    [res.params.length, res.parameters.toLocaleString("en")]) + "</summary>" : "") + '<table class="lx-params">' + head("Parameters, " +
    "in the order of named_parameters()", ["Parameter", "Shape", "Numbers"]);
  res.params.forEach(p => {
    s += "<tr><td>" + code(p.name) + "</td><td>" + code(tuple(p.shape), "lx-shape") + "</td><td>" +
      p.numel.toLocaleString("en") + "</td></tr>";
  });
  s += "</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">" + tr("Total") + "</th><td>" +
    res.parameters.toLocaleString("en") + "</td></tr></tfoot></table>" + (many ? "</details>" : "");
  if (res.columns.length > 1 && res.rows.length > 2) s += "<p>" + tr(WIRED, [code("weight_ih_l1"), res.params.filter(p => p.name === "weight_ih_l1")[0].shape[1],
    '<a href="' + esc(res.wiring) + '">' + tr("proof") + "</a>"]) + "</p>";
  var k = res.packing;
  if (k) s += h("Inside the PackedSequence") + "<ul>" + ["batch_sizes", "sorted_indices",
    "unsorted_indices"].map(n => "<li>" + code("packed." + n) + ": " + code("tensor([" +
    k[n].join(", ") + "])") + "</li>").join("") + "</ul><p>" + tr(k.sorted ? "Your lengths " +
    "are sorted longest first: with {0} packing keeps that order and both index tensors are " +
    "<code>None</code>." : "Your lengths are not sorted longest first: {0} would raise an error.",
  [code("enforce_sorted=True")]) + "</p>";
  s += h("Memory at <code>float32</code>") + "<ul>" + res.memory.map(m => "<li>" + (m.name === "parameters" ?
    tr("parameters") : code(m.name)) + ": " + bytes(m.bytes) + "</li>").join("") + "</ul>";
  return s + h("Runnable snippet") + '<button type="button" class="lx-copy">' +
    tr("Copy snippet") + '</button><pre tabindex="0" role="region" aria-label="' +
    tr("Runnable snippet") + '"><code>' + esc(res.snippet) + "</code></pre>";
}
function mount(el) {
  var id = el.querySelector("[id]").id.split("-")[0], full = el.dataset.kind !== "compact";
  var good = null, timer = 0, saved = query({}), typing = false, ignored = [];
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
  // The address: a new history entry per committed change, replaced while the reader types.
  function remember(q, commit) {
    if (q !== location.search.slice(1))
      history[typing ? "replaceState" : "pushState"](null, "", "?" + q);
    typing = !commit && q !== saved;
    if (commit) saved = q;
  }
  function update(commit, e) {
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
      res.wiring = el.dataset.wiring;
      errorBox.hidden = true;
      var parts = ((ignored.length ? '<p class="lx-warn">' + tr("Ignored in the address: {0}.", [ignored.map(i => code(i[0]) + " (" + (i[1].length ? tr("expected one of {0}",
        [i[1].join(", ")]) : tr("not a setting")) + ")").join(tr(", "))]) +
        "</p>" : "") + render(res, full, id)).split("<!---->\n"), boxes = body.children;
      if (boxes.length !== parts.length)  // a section per part; rewritten only if it changed
        body.innerHTML = parts.map(() => "<div></div>").join("");
      parts.forEach((p, i) => { if (boxes[i].lx !== p) boxes[i].innerHTML = boxes[i].lx = p; });
      said = res.tensors.filter(t => /^(output|output\.data|padded|h_n|c_n)$/.test(t.code))
        .map(t => code(t.code) + " " + tuple(t.shape)).join(", ");
      if (full && commit !== null) remember(query(raw), commit);
    } else {
      var first = Object.keys(res.errors)[0];
      errorBox.hidden = false;
      errorBox.innerHTML = "<p>" + (res.torch ? tr("PyTorch would raise:") + "</p><p>" +
        code(res.torch.type + ": " + res.torch.message) : tr("Check {0}: {1}",
        [esc(first), esc(tr(res.errors[first]))])) + "</p>" +
        (good ? "<p>" + tr("Below: the last valid configuration.") + "</p>" : "");
      said = esc(Array.from(errorBox.children, p => p.textContent).join(" "));
    }
    var link = el.querySelector(".lx-full");
    if (link && res.ok) link.search = "?" + query(raw);
    clearTimeout(timer);
    timer = setTimeout(() => { status.innerHTML = said; }, 250);
  }
  function pick(p) {  // mark what a selection stands for, and say it
    var net = body.querySelector(".lx-net"), D = good.columns.length, a = links(good, p);
    if (!net) return;
    body.querySelectorAll(".lx-sel, .lx-on").forEach(n => { n.classList.remove("lx-sel", "lx-on"); });
    body.querySelectorAll("[aria-pressed]").forEach(n => { n.setAttribute("aria-pressed", "false"); });
    function on(k, c) {
      var n = net.querySelector('[data-k="' + k + '"]');
      if (n) n.classList.add(c);
      if (n && c === "lx-sel") n.setAttribute("aria-pressed", "true");
      return n;
    }
    var words = a.cells.map(c => { on("c" + c.join("_"), "lx-sel"); return tr("layer {0} {1}, step {2}",
      [c[0], word(c[1]), c[2]]); });
    var x = a.x, s = tr("Selected: {0}.", [words.join(tr("; "))]);
    if (x) {
      for (var t = x[0]; t <= x[1]; t++) on("x" + t, "lx-on");
      s += " " + tr("It has read x[{0}] to x[{1}] ({2} of {3} steps).", [x[0], x[1],
        x[1] - x[0] + 1, good.steps]);
      var c = a.cells[0], feeds = [];
      a.out.forEach(o => { on("o" + o.join("_"), "lx-on"); feeds.push("output[" + o[0] +
        ", ..., " + good.columns[o[1]].start + ":" + good.columns[o[1]].stop + "]"); });
      a.rows.forEach(r => {
        var row = body.querySelector('.lx-rows [data-row="' + r + '"]');
        if (row) row.classList.add("lx-on");
        feeds.push("h_n[" + r + "]" + (good.tensors.some(t => t.code === "c_n") ?
          ", c_n[" + r + "]" : ""));
      });
      if (c[0] < good.rows.length / D - 1) {
        for (var d = 0; d < D; d++) on("c" + (c[0] + 1) + "_" + d + "_" + c[2], "lx-on");
        feeds.push(tr("layer {0}, both directions", [c[0] + 1]));
      }
      if (feeds.length) s += " " + tr("It feeds {0}.", [feeds.join(tr(", "))]);
    }
    net.nextElementSibling.textContent = s;
  }
  function chosen(n) {  // the selection a control of the results stands for
    var k = n.dataset.k, p = n.dataset.pick;
    if (p) return p.split(" ").map(v => isNaN(v) ? v : Number(v));
    if (!k || k[0] === "x") return null;
    var v = k.slice(1).split("_").map(Number);
    return k[0] === "o" ? ["out"].concat(v) : ["cell"].concat(v);
  }
  body.addEventListener("click", e => {
    var b = e.target.closest(".lx-copy, .lx-pick, .lx-pt"), p = b && chosen(b);
    if (p) return pick(p);
    if (!b || b.className !== "lx-copy") return;
    function done(ok) { b.textContent = ok ? tr("Copied") : tr("Select the snippet to copy it"); }
    if (!navigator.clipboard) return done();
    navigator.clipboard.writeText(good.snippet).then(() => { done(1); }, done);
  });
  body.addEventListener("keydown", e => {  // the picture: arrows move, Enter and Space select
    var n = e.target.closest(".lx-pt, .lx-net"), m = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -2,
      ArrowDown: 2}[e.key];
    if (!n || !m && !/^( |Enter)$/.test(e.key)) return;
    e.preventDefault();
    var all = Array.from(body.querySelectorAll(".lx-net [data-k^=c]")), i = all.indexOf(n);
    var w = +body.querySelector(".lx-net svg").dataset.w, j = i < 0 ? 0 : i + (m % 2 ? m : m / 2 * w);
    if (!m) return i >= 0 && pick(chosen(n));
    if (i >= 0 && m % 2 && Math.floor(j / w) !== Math.floor(i / w)) return;  // the row's end
    if (all[j]) { all[j].focus(); pick(chosen(all[j])); }
  });
  f.addEventListener("submit", e => { e.preventDefault(); update(true); });
  f.addEventListener("input", e => { update(false, e); });
  f.addEventListener("change", e => { update(true, e); });
  if (full) window.addEventListener("popstate", () => {
    write(fromQuery(location.search)[0]); saved = location.search.slice(1); typing = false;
    update(null);
  });
  var start = full ? fromQuery(location.search) : [{}, []];
  ignored = start[1];
  write(start[0]);
  update(null);
  ignored = [];
  saved = location.search.slice(1);
}
function start() {
  Array.prototype.forEach.call(document.querySelectorAll(".lstm-explorer"), mount);
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
})();
