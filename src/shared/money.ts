/** Rounds a USD amount to whole cents, the unit every stored amount uses. */
export function cents(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}

/** Rounds a USD figure to 6 decimals (a millionth of a dollar): model costs are sub-cent. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1_000_000) / 1_000_000;
}
