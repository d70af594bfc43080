/** Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in UTC so results never depend on the host. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds hours to an ISO timestamp. */
export function addHours(isoTimestamp: string, hours: number): string {
  return new Date(Date.parse(isoTimestamp) + hours * 3_600_000).toISOString();
}

/** The later of two ISO dates. */
export function laterDate(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * The instant business clocks start for an order (DESIGN §5.1): when the PO is dated the
 * day it arrived, the moment it arrived; a back-filled PO runs from the start of its own date,
 * so replayed orders decide as they would have then.
 */
export function businessStart(orderDate: string, receivedAt: string): string {
  return receivedAt.slice(0, 10) === orderDate ? receivedAt : `${orderDate}T00:00:00.000Z`;
}

/**
 * The later of two instants (the first may be unknown). Partners write instants in several
 * forms (`Z`, with or without milliseconds), so they are compared as times, not as text.
 */
export function laterInstant(known: string | undefined, next: string): string {
  return known !== undefined && Date.parse(known) >= Date.parse(next) ? known : next;
}

/** Whether an instant happened strictly before another (compared as times, see `laterInstant`). */
export function isBefore(instant: string, other: string): boolean {
  return Date.parse(instant) < Date.parse(other);
}
