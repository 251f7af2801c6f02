import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { confirmPasswordReset } from '../api/endpoints';
import { AuthCard } from '../components/AuthCard';
import { FormError } from '../components/form/FormError';
import { SubmitButton } from '../components/form/SubmitButton';
import { MIN_PASSWORD, NewPasswordFields, newPasswordProblem } from '../components/form/NewPasswordFields';
import { useFormSubmit } from '../components/form/useFormSubmit';

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
    () => newPasswordProblem(password, confirm),
    () => password,
  );
  const busy = reset.isPending || reset.isSuccess;

  return (
    <AuthCard title="Set a new password" footer={<Link to="/forgot-password">Ask for a new link</Link>}>
      {token ? (
        <form className="form" onSubmit={submit} noValidate aria-busy={busy}>
          <FormError message={invalid} error={reset.error} />
          <NewPasswordFields
            id="reset"
            label="New password"
            confirmLabel="Repeat new password"
            hint={`At least ${MIN_PASSWORD} characters. Every device signed in to your account is signed out.`}
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
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
