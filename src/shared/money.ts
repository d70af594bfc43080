/** Rounds a USD amount to whole cents, the unit every stored amount uses. */
export function cents(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}
