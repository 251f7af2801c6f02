import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { confirmPasswordReset } from '../api/endpoints';
import { AuthCard } from '../components/AuthCard';
import { FormError } from '../components/form/FormError';
import { SubmitButton } from '../components/form/SubmitButton';
import { TextField } from '../components/form/TextField';
import { useFormSubmit } from '../components/form/useFormSubmit';
import { MIN_PASSWORD } from './RegisterPage';

/** The token travels in the link's fragment (`#token=…`), which never reaches a server. */
function tokenOf(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/** The page the e-mailed link opens: sets a new password, then sends the user to sign in. */
export default function ResetPasswordPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [token] = useState(() => tokenOf(location.hash));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const reset = useMutation({
    mutationFn: (newPassword: string) => confirmPasswordReset(token, newPassword),
    onSuccess: () =>
      navigate('/login', { replace: true, state: { notice: 'Your password is changed. Sign in with the new one.' } }),
  });
  const { invalid, submit } = useFormSubmit(
    reset,
    () => {
      if (password.length < MIN_PASSWORD) return `The password needs at least ${MIN_PASSWORD} characters.`;
      if (password !== confirm) return 'The two passwords do not match.';
      return null;
    },
    () => password,
  );
  const busy = reset.isPending || reset.isSuccess;

  return (
    <AuthCard title="Set a new password" footer={<Link to="/forgot-password">Ask for a new link</Link>}>
      {token ? (
        <form className="form" onSubmit={submit} noValidate aria-busy={busy}>
          <FormError message={invalid} error={reset.error} />
          <TextField
            id="reset-password"
            label="New password"
            hint={`At least ${MIN_PASSWORD} characters. Every device signed in to your account is signed out.`}
            type="password"
            autoComplete="new-password"
            minLength={MIN_PASSWORD}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <TextField
            id="reset-confirm"
            label="Repeat new password"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            required
          />
          <SubmitButton busy={busy} busyLabel="Saving…" block>
            Set the new password
          </SubmitButton>
        </form>
      ) : (
        <p className="callout callout-error" role="alert">
          This page needs the link from the reset e-mail. Ask for a new one if it does not work.
        </p>
      )}
    </AuthCard>
  );
}
