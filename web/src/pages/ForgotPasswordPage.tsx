import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { requestPasswordReset } from '../api/endpoints';
import { AuthCard } from '../components/AuthCard';
import { FormError } from '../components/form/FormError';
import { SubmitButton } from '../components/form/SubmitButton';
import { TextField } from '../components/form/TextField';
import { useFormSubmit } from '../components/form/useFormSubmit';
import { looksLikeEmail } from '../lib/validation';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export default function ForgotPasswordPage() {
  const location = useLocation();
  const [email, setEmail] = useState((location.state as { email?: string } | null)?.email ?? '');
  const ask = useMutation({ mutationFn: (address: string) => requestPasswordReset(address) });
  const { invalid, submit } = useFormSubmit(
    ask,
    () => (looksLikeEmail(email) ? null : 'Enter a valid e-mail address.'),
    () => email.trim(),
  );

  return (
    <AuthCard title="Reset your password" footer={<>Remembered it? <Link to="/login">Sign in</Link></>}>
      {ask.isSuccess ? (
        <p className="callout callout-success" role="status">
          If an account has the address <strong>{email.trim()}</strong>, an e-mail with a link to set a new password
          is on its way. The link works once, for 30 minutes.
        </p>
      ) : (
        <form className="form" onSubmit={submit} noValidate aria-busy={ask.isPending}>
          <p>Enter the e-mail address of your account and we will send you a link to set a new password.</p>
          <FormError message={invalid} error={ask.error} />
          <TextField id="forgot-email" label="E-mail" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <SubmitButton busy={ask.isPending} busyLabel="Sending…" block>
            Send the link
          </SubmitButton>
        </form>
      )}
    </AuthCard>
  );
}
