import type { ReactNode } from 'react';

interface Props {
  /** While the form is being sent: disabled, and saying so with `busyLabel`. */
  busy: boolean;
  busyLabel: string;
  /** Disabled for another reason (nothing to save). */
  disabled?: boolean;
  /** Full width, as on the sign-in and register cards. */
  block?: boolean;
  children: ReactNode;
}

/** A form's primary button. */
export function SubmitButton({ busy, busyLabel, disabled = false, block = false, children }: Props) {
  return (
    <button type="submit" className={block ? 'btn btn-primary btn-block' : 'btn btn-primary'} disabled={busy || disabled}>
      {busy ? busyLabel : children}
    </button>
  );
}
