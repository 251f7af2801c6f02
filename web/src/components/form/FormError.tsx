import { errorMessage } from '../../api/client';

interface Props {
  /** What the form itself found wrong before sending; shown first. */
  message?: string | null;
  /** What sending failed with (a mutation's `error`), in the server's words. */
  error?: unknown;
}

/** A form's error callout, announced when it appears; nothing when there is no error. */
export function FormError({ message, error }: Props) {
  const text = message || (error ? errorMessage(error) : null);
  if (!text) return null;
  return (
    <p className="callout callout-error" role="alert">
      {text}
    </p>
  );
}
