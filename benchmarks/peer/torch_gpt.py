#!/usr/bin/python3
"""The PyTorch side of the peer benchmark (benchmarks/peer/run runs it against dev.modelkit.bench.PeerMain).

The same model as ModelKit's: learned token and position embeddings, pre-LN blocks (LN -> fused
QKV with bias -> causal attention -> projection with bias, LN -> 4d MLP with GELU (tanh) and
biases), final LN, untied LM head without bias; the presets' shapes. fp32, 2 threads, eager mode.

Each figure: warm-up runs, then timed runs, the median. It prints
`RESULT <name> <median> <unit> <min> <max> <runs>` lines with the names PeerMain uses:
  create_<PRESET>       building the module (allocation + PyTorch's default init), ms
  forward_MEDIUM_T128   logits for 128 tokens, B = 1, under torch.no_grad(), ms
  generate_MEDIUM       prompt 16, 112 new tokens, greedy, a plain KV-cached loop, tokens/s
  train_<P>_B8_T<T>     forward + cross-entropy + backward + AdamW step, tokens/s

Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset: they slow OpenBLAS on this CPU.
"""
import argparse
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {  # vocab, context, d_model, layers, heads (ModelKit's Preset enum)
    "TINY": (50, 64, 128, 2, 4),
    "SMALL": (100, 128, 256, 4, 4),
    "MEDIUM": (100, 128, 384, 6, 6),
}


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)

    def attention(self, x, cache=None, pos=0):
        b, t, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(x).split(d, dim=2)
        q = q.view(b, t, self.heads, hd).transpose(1, 2)        # (B, H, T, hd)
        k = k.view(b, t, self.heads, hd).transpose(1, 2)
        v = v.view(b, t, self.heads, hd).transpose(1, 2)
        if cache is not None:                                     # (B, H, ctx, hd) each, filled up to pos
            kc, vc = cache
            kc[:, :, pos:pos + t] = k
            vc[:, :, pos:pos + t] = v
            k = kc[:, :, :pos + t]
            v = vc[:, :, :pos + t]
        s = k.shape[2]
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))   # (B, H, T, S)
        if t > 1:
            mask = torch.ones(t, s, dtype=torch.bool).tril(diagonal=s - t)
            att = att.masked_fill(~mask, float("-inf"))
        y = F.softmax(att, dim=-1) @ v
        return self.proj(y.transpose(1, 2).reshape(b, t, d))

    def forward(self, x, cache=None, pos=0):
        x = x + self.attention(self.ln1(x), cache, pos)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class Gpt(nn.Module):
    def __init__(self, vocab, context, d, layers, heads):
        super().__init__()
        self.context, self.d, self.heads = context, d, heads
        self.tok_emb = nn.Embedding(vocab, d)
        self.pos_emb = nn.Embedding(context, d)
        self.blocks = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d, eps=1e-5)
        self.lm_head = nn.Linear(d, vocab, bias=False)

    def forward(self, idx, caches=None, pos=0):
        t = idx.shape[1]
        x = self.tok_emb(idx) + self.pos_emb(torch.arange(pos, pos + t))
        for i, block in enumerate(self.blocks):
            x = block(x, None if caches is None else caches[i], pos)
        return self.lm_head(self.ln_f(x))

    @torch.no_grad()
    def generate(self, prompt, n):
        """Greedy, with a KV cache: prefill the prompt, then one token per step."""
        hd = self.d // self.heads
        caches = [(torch.empty(1, self.heads, self.context, hd), torch.empty(1, self.heads, self.context, hd))
                  for _ in self.blocks]
        logits = self(prompt, caches, 0)
        pos = prompt.shape[1]
        out = []
        for _ in range(n):
            nxt = logits[:, -1].argmax(dim=-1, keepdim=True)
            out.append(nxt)
            if len(out) == n:
                break
            logits = self(nxt, caches, pos)
            pos += 1
        return torch.cat(out, dim=1)


WARMUP_SECONDS = 2.0


def timed(runs, warmup, body):
    # At least `warmup` runs and WARMUP_SECONDS of them, the same rule as PeerMain's warm-up.
    until = time.perf_counter() + WARMUP_SECONDS
    done = 0
    while done < warmup or time.perf_counter() < until:
        body()
        done += 1
    ms = []
    for _ in range(runs):
        t0 = time.perf_counter()
        body()
        ms.append((time.perf_counter() - t0) * 1e3)
    return ms


def report(name, ms, units, unit):
    values = sorted(ms if unit == "ms" else [units / (m / 1e3) for m in ms])
    print("RESULT %s %.4f %s %.4f %.4f %d" % (name, values[len(values) // 2], unit, values[0], values[-1],
                                               len(values)), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup-seconds", type=float, default=2.0)
    args = parser.parse_args()
    global WARMUP_SECONDS
    if not 0 <= args.warmup_seconds <= 600:
        sys.exit("--warmup-seconds = %g is out of range; allowed: 0..600" % args.warmup_seconds)
    WARMUP_SECONDS = args.warmup_seconds
    for field in ("runs", "warmup", "threads"):
        value = getattr(args, field)
        if not 1 <= value <= 1000:
            sys.exit("--%s = %d is out of range; allowed: 1..1000" % (field, value))
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    print("# PyTorch %s, %d threads, %s" % (torch.__version__, torch.get_num_threads(),
                                          torch.__config__.parallel_info().splitlines()[-1].strip()), flush=True)

    for name, shape in PRESETS.items():
        report("create_" + name, timed(args.runs, args.warmup, lambda: Gpt(*shape)), 1, "ms")

    medium = Gpt(*PRESETS["MEDIUM"]).eval()
    vocab, ctx = PRESETS["MEDIUM"][0], PRESETS["MEDIUM"][1]
    g = torch.Generator().manual_seed(1)
    tokens = torch.randint(vocab, (1, ctx), generator=g)

    def forward():
        with torch.no_grad():
            medium(tokens)
    report("forward_MEDIUM_T%d" % ctx, timed(args.runs, args.warmup, forward), 1, "ms")

    prompt = tokens[:, :16]
    new_tokens = ctx - 16
    report("generate_MEDIUM", timed(args.runs, args.warmup, lambda: medium.generate(prompt, new_tokens)),
           new_tokens, "tokens/s")

    for preset, batch, seq in (("TINY", 8, 64), ("SMALL", 8, 128)):
        model = Gpt(*PRESETS[preset])
        opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
        v = PRESETS[preset][0]
        inputs = torch.randint(v, (batch, seq), generator=g)
        targets = torch.randint(v, (batch, seq), generator=g)

        def step():
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(inputs).view(-1, v), targets.view(-1))
            loss.backward()
            opt.step()
        report("train_%s_B%d_T%d" % (preset, batch, seq), timed(args.runs, args.warmup, step), batch * seq,
               "tokens/s")


if __name__ == "__main__":
    main()
