import { TextField } from './TextField';

export const MIN_PASSWORD = 8;

/** Why a new password and its repetition cannot be sent, or `null` when they can. */
export function newPasswordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD) return `The password needs at least ${MIN_PASSWORD} characters.`;
  if (password !== confirm) return 'The two passwords do not match.';
  return null;
}

interface Props {
  /** Prefix of the two fields' ids. */
  id: string;
  label: string;
  confirmLabel: string;
  hint: string;
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
}

/** A new password typed twice: registering and resetting a password ask for it alike. */
export function NewPasswordFields({ id, label, confirmLabel, hint, password, confirm, onPassword, onConfirm }: Props) {
  return (
    <>
      <TextField
        id={`${id}-password`}
        label={label}
        hint={hint}
        type="password"
        autoComplete="new-password"
        minLength={MIN_PASSWORD}
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        required
      />
      <TextField
        id={`${id}-confirm`}
        label={confirmLabel}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
        required
      />
    </>
  );
}
