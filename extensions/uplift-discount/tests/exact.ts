// Exact fractions for the property test's own cap arithmetic, kept apart from src/rational.ts so a
// bug there cannot hide itself by being used to check itself.
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a;
};

export class Q {
  readonly n: bigint;
  readonly d: bigint;
  constructor(n: bigint, d = 1n) {
    if (d < 0n) [n, d] = [-n, -d];
    const g = gcd(n, d) || 1n;
    this.n = n / g;
    this.d = d / g;
  }
  static of(text: string): Q {
    const [whole, fraction = ""] = text.split(".");
    return new Q(BigInt(`${whole}${fraction}`), 10n ** BigInt(fraction.length));
  }
  static int(n: number): Q {
    return new Q(BigInt(n));
  }
  plus(o: Q): Q {
    return new Q(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  minus(o: Q): Q {
    return new Q(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  times(o: Q): Q {
    return new Q(this.n * o.n, this.d * o.d);
  }
  over(o: Q): Q {
    return new Q(this.n * o.d, this.d * o.n);
  }
  le(o: Q): boolean {
    return this.n * o.d <= o.n * this.d;
  }
  gt(o: Q): boolean {
    return !this.le(o);
  }
  /** Rounded up to a multiple of 10^-digits: the most Shopify's rounding could make of it. */
  ceil(digits: number): Q {
    const scale = 10n ** BigInt(digits);
    const scaled = this.n * scale;
    let q = scaled / this.d;
    if (q * this.d < scaled) q += 1n;
    return new Q(q, scale);
  }
  static maxOf(a: Q, b: Q): Q {
    return a.le(b) ? b : a;
  }
}
