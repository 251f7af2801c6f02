import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { register } from '../api/endpoints';
import { AuthCard } from '../components/AuthCard';
import { FormError } from '../components/form/FormError';
import { SubmitButton } from '../components/form/SubmitButton';
import { MIN_PASSWORD, NewPasswordFields, newPasswordProblem } from '../components/form/NewPasswordFields';
import { TextField } from '../components/form/TextField';
import { useFormSubmit } from '../components/form/useFormSubmit';
import { looksLikeEmail } from '../lib/validation';

export default function RegisterPage() {
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const create = useMutation({
    mutationFn: (account: { email: string; password: string }) => register(account.email, account.password),
    onSuccess: (user) =>
      navigate('/login', {
        replace: true,
        state: { notice: 'Your account is ready. Sign in to start digging.', email: user.email },
      }),
  });
  const { invalid, submit } = useFormSubmit(
    create,
    () => {
      if (!looksLikeEmail(email)) return 'Enter a valid e-mail address.';
      return newPasswordProblem(password, confirm);
    },
    () => ({ email: email.trim(), password }),
  );
  // Still busy after success: the page is on its way out.
  const busy = create.isPending || create.isSuccess;

  return (
    <AuthCard title="Create your account" footer={<>Already have an account? <Link to="/login">Sign in</Link></>}>
      <form className="form" onSubmit={submit} noValidate aria-busy={busy}>
        <FormError message={invalid} error={create.error} />
        <TextField id="reg-email" label="E-mail" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <NewPasswordFields
          id="reg"
          label="Password"
          confirmLabel="Repeat password"
          hint={`At least ${MIN_PASSWORD} characters.`}
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
        />
        <SubmitButton busy={busy} busyLabel="Creating account…" block>
          Create account
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
