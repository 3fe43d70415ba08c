"""Every word the figures draw or describe, in each language the site is published in.

:data:`LABELS` maps a key to its text in English (``"en"``) and in Simplified Chinese
(``"zh_CN"``, the glossary's terms: 隐藏状态, 细胞状态, 前向, 反向, 层, 单元, 词元 ...). Fields in
braces are filled by :func:`text`; an entry with a ``|`` is counted (:func:`count`): singular
before the bar, plural after it. Math (``$x_t$``) and code (``h_n[-1]``, ``output[t-1]``) are the
same in every language and stay in the figure modules; mathtext never holds Chinese (its fonts
have no CJK glyphs).
"""

from __future__ import annotations

from .._languages import HTML_LANG, LANGUAGES

__all__ = ["HTML_LANG", "LABELS", "LANGUAGES", "check_language", "count", "join", "text"]

L = dict[str, str]


def _t(en: str, zh: str) -> L:
    return {"en": en, "zh_CN": zh}


LABELS: dict[str, L] = {
    # --- shared ------------------------------------------------------------------------------
    "html.full_size": _t("Open the figure at full size", "以原始尺寸打开图片"),
    "sep.sentence": _t(" ", ""),
    "sep.list": _t("; ", "；"),
    "sep.comma": _t(", ", "，"),
    "count.step": _t("{n} step|{n} steps", "{n} 步"),
    "count.row": _t("{n} row|{n} rows", "{n} 行"),
    "count.heatmap": _t("{n} heatmap|{n} heatmaps", "{n} 张热图"),
    "dir.fwd": _t("fwd", "前向"),
    "dir.bwd": _t("bwd", "反向"),
    "kind.bi": _t("bidirectional", "双向"),
    "kind.uni": _t("unidirectional", "单向"),
    "legend.forward": _t("forward", "前向"),
    "legend.backward": _t("backward", "反向"),
    "legend.top_layer": _t("top layer", "顶层"),
    "layer": _t("layer {layer}", "第 {layer} 层"),
    # --- cell --------------------------------------------------------------------------------
    "cell.title": _t(
        "One {mode} cell: two inputs, two outputs", "一个 {mode} 单元：两个输入，两个输出"
    ),
    "cell.name": _t("{mode} cell", "{mode} 单元"),
    "cell.black_box": _t("(a black box)", "（一个黑盒）"),
    "cell.legend.true": _t("true input / output (goes up)", "真实输入 / 输出（向上传递）"),
    "cell.legend.hidden": _t("hidden state (goes along the sequence)", "隐藏状态（沿序列传递）"),
    "cell.true_input": _t(
        "true input: the data at step t,\nor the output of the layer below",
        "真实输入：第 t 步的数据，\n或下层的输出",
    ),
    "cell.hidden_input": _t(
        "hidden input: the state of\nstep t-1 (or {initial})",
        "隐藏输入：第 t-1 步的\n状态（或 {initial}）",
    ),
    "cell.true_output": _t(
        "true output: to the layer above,\nor into output (top layer)",
        "真实输出：送往上层，\n或进入 output（顶层）",
    ),
    "cell.new_state": _t(
        "to step t+1; after the\nlast step: {final}", "送往第 t+1 步；最后一步\n之后：{final}"
    ),
    "cell.alt.state_hc": _t("the hidden state h and the cell state c", "隐藏状态 h 和细胞状态 c"),
    "cell.alt.state_h": _t("the hidden state h (no cell state)", "隐藏状态 h（没有细胞状态）"),
    "cell.alt": _t(
        "One {mode} cell drawn as a black box with two inputs and two outputs. "
        "From below comes the true input x_t: the data at step t, or the output of the layer "
        "below. From the left comes the hidden input: the previous step's state ({state_words}), "
        "or the initial state {initial} at the first step. Upwards leaves the true output h_t, "
        "to the layer above or into output. To the right leaves the new state, to the next "
        "step, or into {final} after the last step. Solid arrows are true inputs and outputs, "
        "dashed arrows are hidden states.",
        "一个 {mode} 单元，画成有两个输入、两个输出的黑盒。从下方进入的是真实输入 x_t："
        "第 t 步的数据，或下层的输出。从左侧进入的是隐藏输入：上一步的状态（{state_words}），"
        "在第一步则是初始状态 {initial}。向上离开的是真实输出 h_t，送往上层或进入 output。"
        "向右离开的是新状态，送往下一步，或在最后一步之后进入 {final}。"
        "实线箭头是真实输入和输出，虚线箭头是隐藏状态。",
    ),
    # --- unrolled ----------------------------------------------------------------------------
    "unrolled.row_bi": _t("{layer}\n{direction} {arrow}", "{layer}\n{direction} {arrow}"),
    "unrolled.heading": _t(
        "{num_layers}-layer {kind} {mode} unrolled over {steps}",
        "{num_layers} 层{kind} {mode}，展开为 {steps}",
    ),
    "unrolled.sub.cross": _t(
        "nn.{mode}'s wiring: each upper layer reads both directions of the layer below",
        "nn.{mode} 的连接方式：每个上层都读取下层的两个方向",
    ),
    "unrolled.sub.article": _t(
        "The article's picture, NOT what nn.{mode} does: directions meet only at the end",
        "那篇文章的画法，并非 nn.{mode} 的实际做法：两个方向只在最后汇合",
    ),
    "unrolled.sub.one_layer": _t(
        "One layer: the two directions meet only at the output", "单层：两个方向只在输出处汇合"
    ),
    "unrolled.legend.true": _t("true output (goes up)", "真实输出（向上传递）"),
    "unrolled.legend.hidden": _t(
        "hidden state {state} (goes along)", "隐藏状态 {state}（沿序列传递）"
    ),
    "unrolled.legend.concat": _t(
        "concat: [fwd ; bwd] of the layer below", "拼接：下层的 [fwd ; bwd]"
    ),
    "unrolled.footnote": _t("Step t is index t-1 of output.", "第 t 步是 output 的索引 t-1。"),
    "unrolled.footnote_c": _t(
        " c_0 and c_n use the same rows as h_0 and h_n.", "c_0 和 c_n 与 h_0 和 h_n 使用相同的行。"
    ),
    "unrolled.concat": _t("concat", "拼接"),
    "unrolled.alt.intro": _t(
        "A {num_layers}-layer {kind} {mode} unrolled over {steps}: "
        "tokens x_1 to {last} enter at the bottom, one cell per layer and step.",
        "一个按 {steps}展开的 {num_layers} 层{kind} {mode}：词元 x_1 到 {last} 从底部进入，"
        "每层每步一个单元。",
    ),
    "unrolled.alt.rows_bi": _t(
        "Each layer has a forward row of cells, whose state flows left to right, and a "
        "backward row, whose state flows right to left; both rows read the same input at "
        "each step.",
        "每层有一行前向单元，其状态从左向右流动，还有一行反向单元，其状态从右向左流动；"
        "两行在每一步读取相同的输入。",
    ),
    "unrolled.alt.rows_uni": _t(
        "Each layer's state flows left to right along its row.",
        "每层的状态沿其所在行从左向右流动。",
    ),
    "unrolled.alt.cross": _t(
        "Each upper-layer cell receives both the forward and the backward outputs of "
        "the layer below at the same step, joined by concatenation: this is how "
        "nn.{mode} is wired.",
        "上层的每个单元都接收下层在同一步的前向输出和反向输出，二者经拼接合并："
        "这就是 nn.{mode} 的连接方式。",
    ),
    "unrolled.alt.article": _t(
        "The forward cells of an upper layer receive only the forward outputs of the "
        "layer below, and the backward cells only the backward outputs, so the two "
        "directions form independent stacks that meet only at the output. This is the "
        "article's picture and NOT what nn.{mode} does: there, every layer above the "
        "first reads both directions of the layer below.",
        "上层的前向单元只接收下层的前向输出，反向单元只接收下层的反向输出，"
        "于是两个方向形成各自独立的堆叠，只在输出处汇合。这是那篇文章的画法，"
        "并非 nn.{mode} 的实际做法：在 nn.{mode} 中，第一层之上的每一层都读取下层的两个方向。",
    ),
    "unrolled.alt.stacked": _t(
        "Each layer's outputs are the next layer's inputs at the same step.",
        "每层的输出是上层在同一步的输入。",
    ),
    "unrolled.alt.one_layer": _t(
        "With a single layer the two directions meet only at the output, as in nn.{mode}.",
        "只有一层时，两个方向只在输出处汇合，与 nn.{mode} 一致。",
    ),
    "unrolled.alt.top_bi": _t(
        "At the top, output[t-1] holds layer {top}'s forward and backward outputs at "
        "step t side by side.",
        "在顶部，output[t-1] 并排存放第 {top} 层在第 t 步的前向输出和反向输出。",
    ),
    "unrolled.alt.top_uni": _t(
        "At the top, output[t-1] is layer {top}'s output at step t.",
        "在顶部，output[t-1] 是第 {top} 层在第 t 步的输出。",
    ),
    "unrolled.alt.final_fwd": _t(
        "layer {layer} forward in h_n[{index}] (after {last})",
        "第 {layer} 层前向在 h_n[{index}]（读完 {last} 之后）",
    ),
    "unrolled.alt.final_bwd": _t(
        "layer {layer} backward in h_n[{index}] (after x_1)",
        "第 {layer} 层反向在 h_n[{index}]（读完 x_1 之后）",
    ),
    "unrolled.alt.final_uni": _t("layer {layer} in h_n[{index}]", "第 {layer} 层在 h_n[{index}]"),
    "unrolled.alt.finals": _t("Final states: {items}.", "最终状态：{items}。"),
    # --- output_concat -----------------------------------------------------------------------
    "concat.heading": _t(
        "output[t-1] = [fwd_t ; bwd_t]: what each half has seen",
        "output[t-1] = [fwd_t ; bwd_t]：每一半看到了什么",
    ),
    "concat.sub.one": _t(
        "1 bidirectional layer, {steps}: fwd_t has read x_1..x_t, bwd_t has read x_t..x_T",
        "1 个双向层，{steps}：fwd_t 读过 x_1..x_t，bwd_t 读过 x_t..x_T",
    ),
    "concat.sub.many": _t(
        "{num_layers} bidirectional layers, {steps}: every half has read every token "
        "(upper layers read both directions)",
        "{num_layers} 个双向层，{steps}：每一半都读过每个词元（上层读取两个方向）",
    ),
    "concat.legend.fwd": _t("forward half", "前向一半"),
    "concat.legend.bwd": _t("backward half", "反向一半"),
    "concat.legend.seen": _t("token seen", "已看到的词元"),
    "concat.legend.unseen": _t("token not seen", "未看到的词元"),
    "concat.legend.summary": _t("summary vector [fwd_T ; bwd_1]", "汇总向量 [fwd_T ; bwd_1]"),
    "concat.footnote": _t(
        "Step t is index t-1 of output; H is the hidden size; N is left out.",
        "第 t 步是 output 的索引 t-1；H 是隐藏状态的大小；省略了 N。",
    ),
    "concat.only": _t("x_{first} only", "x_{first}（仅此一个）"),
    "concat.alt.intro": _t(
        "The output of a {num_layers}-layer bidirectional network over {steps}: "
        "at each step t, output[t-1] is drawn as two boxes side by side, the forward half "
        "fwd_t then the backward half bwd_t, each marked with the tokens it has seen.",
        "一个 {num_layers} 层双向网络的输出（共 {steps}）：在每个第 t 步，output[t-1] "
        "画成并排的两个框，先是前向一半 fwd_t，再是反向一半 bwd_t，每个框都标出它看到过的词元。",
    ),
    "concat.alt.single": _t(
        "With one layer and one step, both halves have seen x_1, all there is.",
        "只有一层、一步时，两半都看到过 x_1，也就是全部输入。",
    ),
    "concat.alt.one_layer": _t(
        "With one layer the forward half at step t has seen x_1..x_t and the backward "
        "half x_t..x_{steps}: at step 1 the forward half has seen x_1 only and the "
        "backward half {everything}; at step {steps} the forward half has seen "
        "{everything} and the backward half {last_only}.",
        "只有一层时，第 t 步的前向一半看到过 x_1..x_t，反向一半看到过 x_t..x_{steps}："
        "第 1 步的前向一半只看到过 x_1，反向一半看到过 {everything}；第 {steps} 步的前向一半"
        "看到过 {everything}，反向一半看到过 {last_only}。",
    ),
    "concat.alt.summary_one": _t(
        "Highlighted: the summary vector [fwd_{steps} ; bwd_1], the forward half of the "
        "last step joined with the backward half of the first step, the only two halves "
        "that have each read the whole sequence.",
        "高亮部分：汇总向量 [fwd_{steps} ; bwd_1]，即最后一步的前向一半与第一步的反向一半"
        "拼接而成，只有这两半各自读过整个序列。",
    ),
    "concat.alt.many": _t(
        "With {num_layers} layers every half at every step has seen all tokens "
        "x_1..x_{steps}, because each layer above the first reads both directions of the "
        "layer below.",
        "有 {num_layers} 层时，每一步的每一半都看到过全部词元 x_1..x_{steps}，"
        "因为第一层之上的每一层都读取下层的两个方向。",
    ),
    "concat.alt.summary_many": _t(
        "Highlighted: the summary vector [fwd_{steps} ; bwd_1], the forward half of the "
        "last step joined with the backward half of the first step.",
        "高亮部分：汇总向量 [fwd_{steps} ; bwd_1]，即最后一步的前向一半与第一步的反向一半拼接而成。",
    ),
    "concat.alt.equals": _t(
        "It equals cat(output[-1, :, :H], output[0, :, H:]), and the top layer's final states "
        "cat(h_n[-2], h_n[-1]).",
        "它等于 cat(output[-1, :, :H], output[0, :, H:])，也等于顶层的最终状态 "
        "cat(h_n[-2], h_n[-1])。",
    ),
    # --- state_layout ------------------------------------------------------------------------
    "state.heading": _t(
        "h_n stacks every layer's final state along dim 0", "h_n 沿第 0 维堆叠每一层的最终状态"
    ),
    "state.footnote": _t(
        "c_n has the same layout. N (batch) and H (hidden size) are left out.",
        "c_n 的布局相同。省略了 N（批次）和 H（隐藏状态的大小）。",
    ),
    "state.order_bi": _t("layer-major and direction-minor", "层优先、方向其次"),
    "state.order_uni": _t("one row per layer", "每层一行"),
    "state.subtitle": _t(
        "(L*D, N, H) = ({rows}, N, H), {order}", "(L*D, N, H) = ({rows}, N, H)，{order}"
    ),
    "state.mark_fwd": _t("h_n[-2]: top layer fwd", "h_n[-2]：顶层前向"),
    "state.mark_bwd": _t("h_n[-1]: top layer bwd", "h_n[-1]：顶层反向"),
    "state.mark_uni": _t("h_n[-1]: top layer", "h_n[-1]：顶层"),
    "state.row_bi": _t("{layer} {direction} {arrow}", "{layer} {direction} {arrow}"),
    "state.no_copy": _t("no copy: a view", "不复制：只是视图"),
    "state.column": _t("{direction} (d = {k})", "{direction}（d = {k}）"),
    "state.top": _t("[{top}] or [-1]: top layer, (D, N, H)", "[{top}] 或 [-1]：顶层，(D, N, H)"),
    "state.alt.row_fwd": _t(
        "row {index} is layer {layer} forward", "第 {index} 行是第 {layer} 层前向"
    ),
    "state.alt.row_bwd": _t(
        "row {index} is layer {layer} backward", "第 {index} 行是第 {layer} 层反向"
    ),
    "state.alt.row_uni": _t("row {index} is layer {layer}", "第 {index} 行是第 {layer} 层"),
    "state.alt.intro": _t(
        "The {count} of h_n for a {num_layers}-layer {kind} network, shape "
        "(L*D, N, H) = ({rows}, N, H): {names}.",
        "一个 {num_layers} 层{kind}网络的 h_n 共 {count}，形状为 (L*D, N, H) = ({rows}, N, H)："
        "{names}。",
    ),
    "state.alt.order": _t(
        "The order is layer-major and direction-minor: the two directions alternate, they "
        "are not side by side.",
        "顺序是层优先、方向其次：两个方向交替出现，而不是并排放置。",
    ),
    "state.alt.view": _t(
        "h_n.view({num_layers}, {num_dirs}, N, H) puts layers on the first axis and directions "
        "on the second: entry [l, d] is layer l in direction d",
        "h_n.view({num_layers}, {num_dirs}, N, H) 把层放在第一个轴上，把方向放在第二个轴上："
        "元素 [l, d] 是第 l 层在方向 d 上的最终状态",
    ),
    "state.alt.view_end_bi": _t(" (0 forward, 1 backward).", "（0 为前向，1 为反向）。"),
    "state.alt.view_end_uni": _t(".", "。"),
    "state.alt.top_bi": _t(
        "h_n[-2] and h_n[-1] are the top layer's forward and backward final states.",
        "h_n[-2] 和 h_n[-1] 是顶层的前向和反向最终状态。",
    ),
    "state.alt.top_uni": _t(
        "h_n[-1] is the top layer's final state.", "h_n[-1] 是顶层的最终状态。"
    ),
    "state.alt.c_n": _t("c_n has the same layout.", "c_n 的布局相同。"),
    # --- dependency_heatmaps -----------------------------------------------------------------
    "heat.heading": _t(
        "How much each output step depends on each input step",
        "每个输出步在多大程度上依赖每个输入步",
    ),
    "heat.subtitle": _t(
        "Each panel is scaled to its own maximum; hatched grey cells are exactly 0",
        "每个面板按自身的最大值缩放；带斜线的灰色格子恰好为 0",
    ),
    "heat.legend": _t(
        "exactly 0: output step t has not seen input step s", "恰好为 0：输出步 t 没有看到输入步 s"
    ),
    "heat.xlabel": _t("input step s", "输入步 s"),
    "heat.ylabel": _t("output step t", "输出步 t"),
    "heat.max": _t("1 (max)", "1（最大）"),
    "heat.zeros.none": _t(
        "none: every output step depends on every input step", "没有：每个输出步都依赖每个输入步"
    ),
    "heat.zeros.all": _t("all of them", "全部"),
    "heat.zeros.upper": _t(
        "exactly those with s > t, the inputs after the output step",
        "恰好是 s > t 的格子，即输出步之后的输入",
    ),
    "heat.zeros.lower": _t(
        "exactly those with s < t, the inputs before the output step",
        "恰好是 s < t 的格子，即输出步之前的输入",
    ),
    "heat.zeros.other": _t("in no triangular pattern", "不呈三角形分布"),
    "heat.alt.panel": _t(
        "Panel {k}, {title!r}: {zeros} of {total} (t, s) cells are exactly zero",
        "第 {k} 个面板「{title}」：{total} 个 (t, s) 格子中有 {zeros} 个恰好为零",
    ),
    "heat.alt.pattern_some": _t(" ({pattern}).", "（{pattern}）。"),
    "heat.alt.pattern_none": _t("; {pattern}.", "；{pattern}。"),
    "heat.alt.intro": _t(
        "{count} of how much each output step t (rows, from the top) "
        "depends on each input step s (columns), each scaled to its own maximum and coloured "
        "with the {cmap} colormap; cells that are exactly zero are light grey and hatched. ",
        "{count}，显示每个输出步 t（行，从上往下）在多大程度上依赖每个输入步 s（列），"
        "每张按自身的最大值缩放，用 {cmap} 色图着色；恰好为零的格子为浅灰色并带斜线。",
    ),
    # --- the cheat sheet ---------------------------------------------------------------------
    "cheat.title": _t("Outputs of a bidirectional, multi-layer LSTM", "双向多层 LSTM 的输出"),
    "cheat.subtitle": _t(
        "lstm-outputs cheat sheet: (L, D, N, H) = layers, directions (2), batch, hidden size",
        "lstm-outputs 速查表：(L, D, N, H) = 层数、方向数（2）、批次大小、隐藏状态的大小",
    ),
    "cheat.footer": _t(
        "Every expression on this page is evaluated on a real nn.LSTM by the tests of "
        "lstm-outputs.\nNOT marks a tempting expression that gives something else.",
        "本页的每个表达式都由 lstm-outputs 的测试在真实的 nn.LSTM 上求值核对。\n"
        "NOT 标出看似可行、结果却不同的表达式。",
    ),
    "cheat.want": _t("I want ...", "我想要……"),
    "cheat.expression": _t("expression", "表达式"),
    "cheat.rows": _t(
        "Rows of h_n (L = 2): layer-major, direction-minor", "h_n 的行（L = 2）：层优先、方向其次"
    ),
    "cheat.row_name": _t("{layer} {direction}", "{layer} {direction}"),
    "cheat.rows_note": _t(
        "h_n.view(L, D, N, H)[l, d] is row l * D + d; dashed boxes: backward.",
        "h_n.view(L, D, N, H)[l, d] 是第 l * D + d 行；虚线框：反向。",
    ),
    "cheat.alt.row": _t("{want}: {expression}", "{want}：{expression}"),
    "cheat.alt.same": _t(", equal to {expression}", "，等于 {expression}"),
    "cheat.alt.wrong": _t(", not {expression}", "，而不是 {expression}"),
    "cheat.alt": _t(
        "A printable one-page cheat sheet for a bidirectional multi-layer nn.LSTM, "
        "output of shape (T, N, D*H) and h_n of shape (L*D, N, H). Rows: {rows}. "
        "The rows of h_n are layer-major and direction-minor: row l * D + d is layer l, "
        "direction d.",
        "一页可打印的速查表，针对双向多层 nn.LSTM：output 的形状为 (T, N, D*H)，"
        "h_n 的形状为 (L*D, N, H)。各行：{rows}。h_n 的行按层优先、方向其次排列："
        "第 l * D + d 行是第 l 层、方向 d。",
    ),
    # what each row of the cheat sheet gives, by the row's ``meaning``
    "cheat.want.forward outputs": _t(
        "the forward half of output, every step", "output 的前向一半，每个时间步"
    ),
    "cheat.want.backward outputs": _t(
        "the backward half of output, every step", "output 的反向一半，每个时间步"
    ),
    "cheat.want.outputs by direction": _t(
        "both halves on their own axis (0 forward, 1 backward)",
        "两半各占一个轴（0 为前向，1 为反向）",
    ),
    "cheat.want.backward output at t": _t(
        "the backward half at step t, aligned with x[t] (no flip needed)",
        "第 t 步的反向一半，与 x[t] 对齐（无需翻转）",
    ),
    "cheat.want.final state l=L-1 d=0": _t(
        "the top layer's final forward state", "顶层的前向最终状态"
    ),
    "cheat.want.final state l=L-1 d=1": _t(
        "the top layer's final backward state", "顶层的反向最终状态"
    ),
    "cheat.want.summary": _t(
        "one vector per sequence, both directions having read all of it",
        "每个序列一个向量，两个方向都已读完整个序列",
    ),
    "cheat.want.final state l d": _t(
        "the final state of layer l, direction d", "第 l 层、方向 d 的最终状态"
    ),
    "cheat.want.final cell l d": _t(
        "the final cell state of layer l, direction d", "第 l 层、方向 d 的最终细胞状态"
    ),
    "cheat.want.all final states": _t(
        "every final state of each sequence in one row", "每个序列的全部最终状态排成一行"
    ),
    "cheat.want.final states d=0": _t(
        "the rows of h_n of one direction, every layer", "h_n 中同一方向的各行，每一层"
    ),
}


def got(value: object) -> str:
    """``3.0 (a float)``: the value received and its type, for an error message."""
    kind = type(value).__name__
    return f"{value!r} ({'an' if kind[0] in 'aeiou' else 'a'} {kind})"


def check_language(language: object) -> str:
    """Return ``language`` if it is ``"en"`` or ``"zh_CN"``, else raise."""
    expected = "language: expected 'en' or 'zh_CN'"
    if not isinstance(language, str):
        raise TypeError(f"{expected}, got {got(language)}")
    if language not in LANGUAGES:
        cause = ""
        if language.replace("-", "_").lower() == "zh_cn" or language.lower() in ("zh", "zh-hans"):
            cause = " (Sphinx's spelling of Simplified Chinese is 'zh_CN')"
        elif language.lower().startswith("en"):
            cause = " (English is 'en', without a region)"
        else:
            cause = " (the figures are drawn in English and Simplified Chinese only)"
        raise ValueError(f"{expected}, got {language!r}{cause}")
    return language


def text(key: str, language: str, **fields: object) -> str:
    """The text of ``key`` in ``language``, its ``{fields}`` filled in."""
    return LABELS[key][language].format(**fields)


def count(key: str, n: int, language: str) -> str:
    """``"1 step"``, ``"3 steps"``, ``"3 步"``: a counted entry (singular|plural) for ``n``."""
    forms = LABELS[key][language].split("|")
    return (forms[0] if n == 1 else forms[-1]).format(n=n)


def join(parts: list[str], language: str, separator: str = "sep.sentence") -> str:
    """Join sentences (or, with ``"sep.list"``/``"sep.comma"``, items) as ``language`` does."""
    return LABELS[separator][language].join(parts)
