import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { results } from '../test/fixtures';
import { ResultCard } from './ResultCard';

describe('result card', () => {
  it('labels a want-list match that is another pressing of the wanted record', () => {
    const [wanted] = results;
    const other = { ...wanted!, item_data: { ...wanted!.item_data, want: { release_id: '42', pressing: 'other_pressing' as const } } };
    const { unmount } = render(<ResultCard result={other} />);
    expect(screen.getByText('On your want list')).toBeInTheDocument();
    expect(screen.getByText('Another pressing')).toBeInTheDocument();
    unmount();
    const exact = { ...wanted!, item_data: { ...wanted!.item_data, want: { release_id: '42', pressing: 'wanted' as const } } };
    render(<ResultCard result={exact} />);
    expect(screen.queryByText('Another pressing')).not.toBeInTheDocument();
  });
});
