/* Shape explorer for torch.nn.LSTM, GRU and RNN. `explore` holds every shape rule and is pure (no
   DOM): Node runs it in tests/test_explorer.py against real PyTorch, the page runs it below. */
(function (root) {
  "use strict";
  var PRESET = {
    mode: "LSTM", input_size: "16", hidden_size: "128", num_layers: "2", bidirectional: true,
    batch_first: false, proj_size: "0", dropout: "0", seq_len: "10", batch: "32",
    unbatched: false, layout: "equal", lengths: ""
  };
  var MAX = {input_size: 1e5, hidden_size: 1e5, num_layers: 100, proj_size: 1e5, seq_len: 1e5,
    batch: 1e5};
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
    var v = Number(s);
    if (MAX[name] && v > MAX[name]) errors[name] = "At most " + MAX[name] + " here.";
    return v;
  }

  function pyFloat(v) { return Number.isInteger(v) ? v + ".0" : String(v); }
  function tuple(shape) { return "(" + shape.join(", ") + (shape.length === 1 ? ",)" : ")"); }
  function dim(size, what, by) { return {size: size, what: what, by: by}; }

  /* Everything the page shows for one configuration (raw form values: strings and booleans). */
  function explore(raw) {
    var c = {}, errors = {}, k;
    for (k in PRESET) c[k] = raw[k] === undefined ? PRESET[k] : raw[k];
    var mode = ["LSTM", "GRU", "RNN"].indexOf(c.mode) >= 0 ? c.mode : "LSTM";
    var bi = c.bidirectional === true, bf = c.batch_first === true, unb = c.unbatched === true;
    var layout = ["equal", "padded", "packed"].indexOf(c.layout) >= 0 ? c.layout : "equal";
    var v = {};
    ["input_size", "hidden_size", "num_layers", "proj_size", "dropout", "seq_len", "batch"]
      .forEach(function (name) { v[name] = parse(c[name], name, errors); });
    var torch = null, lengths = null;
    function fail(field, type, message) {
      if (!torch) torch = {field: field, type: type, message: message};
      return false;
    }
    function whole(name, typeError) {  // false: torch's own check fails or cannot be evaluated
      if (v[name] === null) return false;
      if (Number.isInteger(v[name])) return true;
      if (typeError) return fail(name, "TypeError", name + " should be of type int, got: float");
      errors[name] = "Expected a whole number, got " + String(c[name]).trim() + ".";
      return false;
    }
    // The constructor's checks, in the order torch 2.13 runs them.
    (function () {
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
    ["proj_size", "seq_len", "batch"].forEach(function (name) {
      if (v[name] !== null && !errors[name] && !Number.isInteger(v[name]))
        errors[name] = "Expected a whole number, got " + String(c[name]).trim() + ".";
    });
    if (unb) delete errors.batch;
    var T = v.seq_len, N = unb ? 1 : v.batch;
    if (Number.isInteger(T) && T < 0) errors.seq_len = "Must be 0 or more.";
    if (Number.isInteger(N) && N < 0) errors.batch = "Must be 0 or more.";
    // The forward call: packing first (pack_padded_sequence), then the module.
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
          var bad = parts.filter(function (p) { return !/^[-+]?\d+$/.test(p); })[0];
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
    var args = ["input_size=" + v.input_size, "hidden_size=" + v.hidden_size];
    if (L !== 1) args.push("num_layers=" + L);
    if (bi) args.push("bidirectional=True");
    if (bf) args.push("batch_first=True");
    if (proj) args.push("proj_size=" + v.proj_size);
    if (v.dropout > 0) args.push("dropout=" + pyFloat(v.dropout));
    out.module = "nn." + mode + "(" + args.join(", ") + ")";
    var total = 0, longest = 0;
    if (packed) lengths.forEach(function (n) { total += n; longest = Math.max(longest, n); });
    var dT = dim(T, "time steps", "your sequence length"), dN = dim(N, "sequences", "batch size");
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
    var tensors = [{name: "input", code: "x", dims: seq(dT, dIn)}];
    if (packed) tensors.push({name: "input, packed", code: "packed.data", dims: [dSum, dIn]});
    tensors.push({name: "h_0", code: "h_0", dims: state(dH)});
    if (lstm) tensors.push({name: "c_0", code: "c_0", dims: state(dC)});
    if (packed) {
      tensors.push({name: "output (PackedSequence)", code: "output.data", dims: [dSum, dOut]});
      tensors.push({name: "output, padded back", code: "padded", dims: seq(dLong, dOut)});
    } else tensors.push({name: "output", code: "output", dims: seq(dT, dOut)});
    tensors.push({name: "h_n", code: "h_n", dims: state(dH)});
    if (lstm) tensors.push({name: "c_n", code: "c_n", dims: state(dC)});
    tensors.forEach(function (t) { t.shape = t.dims.map(function (d) { return d.size; }); });
    out.tensors = tensors;
    out.rows = [];
    for (var r = 0; r < rows; r++)
      out.rows.push({row: r, negative: r - rows, layer: Math.floor(r / D), direction: r % D});
    out.columns = [{direction: 0, start: 0, stop: H}];
    if (bi) out.columns.push({direction: 1, start: H, stop: 2 * H});
    // Slices of `output` (or of `padded`) at one step, for every input layout.
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
      notes.push("h_n is the state after all " + T + " steps, padding included; last_valid is " +
        "output at each sequence's real end.");
      if (bi && L > 1) notes.push("Below the top layer, the backward direction starts on the " +
        "padding, and the layer above reads it: even the forward half of last_valid depends on " +
        "the padding. Pack the batch to keep padding out.");
    }
    if (packed) notes.push("A packed batch ends each sequence at its own length: h_n holds " +
      "those states, in the batch's original order (enforce_sorted=False).");
    if (unb) notes.push("Unbatched input has no batch dimension" + (bf ? ": batch_first does " +
      "not apply to it." : "."));
    if (proj) notes.push("With proj_size, h_n and output have " + H + " features; c_n keeps " +
      "hidden_size (" + v.hidden_size + ").");
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
    out.expressions.forEach(function (e) { lines.push(e.name + " = " + e.code); });
    lines.push("");
    t.forEach(function (x) {
      lines.push("assert tuple(" + x.code + ".shape) == " + tuple(x.shape) + "  # " + x.name);
    });
    out.expressions.forEach(function (e) {
      if (e.key !== "padded") lines.push("assert tuple(" + e.name + ".shape) == " + tuple(e.shape));
    });
    out.facts.forEach(function (f) {
      lines.push("torch.testing.assert_close(" + f[0] + ", " + f[1] + ")");
    });
    var map = out.rows.map(function (r) { return "(" + r.layer + ", " + r.direction + ")"; });
    lines.push("for row, (layer, direction) in enumerate([" + map.join(", ") + "]):",
      "    torch.testing.assert_close(h_n[row], by_layer[layer, direction])",
      "print(\"Every fact the explorer shows holds for this module.\")");
    return lines.join("\n") + "\n";
  }

  var api = {explore: explore, PRESET: PRESET};
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "object") ui(api);
  /*UI*/
})(this);
