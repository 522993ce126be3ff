"""False-positive rate and power of the diagnoses over seeded simulations.

Null: companies with constant rates (no trend anywhere), with subscription orders so that the retention
tests run too; any diagnosis is a false positive. Target: at most 5 % of null runs show any diagnosis.
Power is reported for each story alone: A (close rate), B (one channel's spend), both on companies without
orders as before, B again with orders (more tests share the family's 5 %), and C (one product's churn).

    python benchmarks/bench_diagnoses.py [--null 200] [--power 50] [--jobs 2] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from kpikit.checks import diagnose
from kpikit.company.simulate import synthetic_company
from kpikit.kpis.engine import wilson

OUT = Path(__file__).resolve().parent / "_data"
STORY_A = {"close_rate_factor_last_two_quarters": 0.6}
STORY_B = {"spend_growth_channel": "LinkedIn Ads", "spend_growth_per_quarter": 0.3}
STORY_C = {"churn_product": "Bohnen-Abo", "churn_factor_last_two_quarters": 3.0}  # 2 % -> 6 % a month
NULL = {"subscription": True}


def _run(job: tuple[int, dict]) -> list[tuple[str, str | None]]:
    seed, story = job
    return [(f.code, f.segment) for f in diagnose(synthetic_company(seed, **story))]


def _rate(hits: int, n: int) -> str:
    lo, hi = wilson(np.array([hits]), np.array([n]))
    return f"{hits}/{n} = {hits / n:.1%} (95 % CI {lo[0]:.1%}–{hi[0]:.1%})"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--null", type=int, default=200, help="null simulations (no trend)")
    p.add_argument("--power", type=int, default=50, help="simulations per story")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--quick", action="store_true", help="40 null and 10 power runs")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.quick:
        args.null, args.power = 40, 10
    t0 = time.perf_counter()
    with Pool(args.jobs) as pool:
        null = pool.map(_run, [(seed, NULL) for seed in range(args.null)])
        a = pool.map(_run, [(10_000 + s, STORY_A) for s in range(args.power)])
        b = pool.map(_run, [(20_000 + s, STORY_B) for s in range(args.power)])
        b_orders = pool.map(_run, [(20_000 + s, {**STORY_B, **NULL}) for s in range(args.power)])
        c = pool.map(_run, [(30_000 + s, STORY_C) for s in range(args.power)])
    fp = sum(bool(d) for d in null)
    power_a = sum(any(code.startswith("CLOSE_RATE_FALLING") for code, _ in d) for d in a)
    power_b = sum(("CAC_RISING", "LinkedIn Ads") in d for d in b)
    wrong_b = sum(any(code == "CAC_RISING" and seg not in (None, "LinkedIn Ads") for code, seg in d) for d in b)
    power_b_orders = sum(("CAC_RISING", "LinkedIn Ads") in d for d in b_orders)
    power_c = sum(("RETENTION_FALLING", "Bohnen-Abo") in d for d in c)
    wrong_c = sum(any(code == "RETENTION_FALLING" and seg not in (None, "Bohnen-Abo") for code, seg in d) for d in c)
    verdict = "PASS" if fp / args.null <= 0.05 else "FAIL"
    print("Diagnoses: false positives and power over seeded simulations")
    print(f"  null runs with any diagnosis (target <= 5 %): {_rate(fp, args.null)}  {verdict}")
    print(f"  story A (close rate x0.6 in the last two quarters) found:  {_rate(power_a, args.power)}")
    print(f"  story B (LinkedIn spend +30 %/quarter) found in LinkedIn: {_rate(power_b, args.power)}")
    print(f"  story B runs naming another channel:                      {_rate(wrong_b, args.power)}")
    print(f"  story B with subscription orders, found in LinkedIn:      {_rate(power_b_orders, args.power)}")
    print(f"  story C (Bohnen-Abo churn x3 in the last two quarters):   {_rate(power_c, args.power)}")
    print(f"  story C runs naming another product or channel:           {_rate(wrong_c, args.power)}")
    print(f"  ({time.perf_counter() - t0:.0f} s, {args.jobs} processes)")
    if args.json:
        OUT.mkdir(exist_ok=True)
        (OUT / "results-diagnoses.json").write_text(json.dumps({
            "null_runs": args.null, "false_positive_runs": fp, "power_runs": args.power,
            "story_a_found": power_a, "story_b_found": power_b, "story_b_other_channel": wrong_b,
            "story_b_with_orders_found": power_b_orders, "story_c_found": power_c,
            "story_c_other_segment": wrong_c}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
