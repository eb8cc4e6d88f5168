// Shopify's leaky bucket for GraphQL cost: a request must fit in what is available, the bucket
// refills continuously at restoreRate points per second up to maximumAvailable.
export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly clock: () => number,
  ) {
    this.available = maximumAvailable;
    this.updatedAt = clock();
  }

  private refill(): void {
    const now = this.clock();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.available = Math.min(this.maximumAvailable, this.available + elapsed * this.restoreRate);
    this.updatedAt = now;
  }

  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}

// One bucket per shop and app, as Shopify scopes them.
export class Buckets {
  private readonly buckets = new Map<string, LeakyBucket>();
  constructor(
    private readonly maximumAvailable: number,
    private readonly restoreRate: number,
    private readonly clock: () => number,
  ) {}

  for(shop: string, app: string): LeakyBucket {
    const key = `${shop}\u0000${app}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new LeakyBucket(this.maximumAvailable, this.restoreRate, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
