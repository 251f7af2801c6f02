// Checks the forms make before sending, with the limits the API applies (it checks them again).

/** Something@somewhere.tld: enough to catch a typo; the API has the last word. */
export function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());
}

/** How often a saved search may run: whole hours, at least hourly and at least weekly. */
export const CHECK_INTERVAL_HOURS = { min: 1, max: 168 } as const;

export function isCheckInterval(hours: number): boolean {
  return Number.isInteger(hours) && hours >= CHECK_INTERVAL_HOURS.min && hours <= CHECK_INTERVAL_HOURS.max;
}

/** The attributes of a check-interval input (the browser's own hints; the forms check again). */
export const CHECK_INTERVAL_INPUT = {
  type: 'number',
  inputMode: 'numeric',
  min: CHECK_INTERVAL_HOURS.min,
  max: CHECK_INTERVAL_HOURS.max,
  step: 1,
} as const;

/** What a check interval must be, for the forms' messages. */
export const CHECK_INTERVAL_RULE = `a whole number of hours from ${CHECK_INTERVAL_HOURS.min} to ${CHECK_INTERVAL_HOURS.max}`;
