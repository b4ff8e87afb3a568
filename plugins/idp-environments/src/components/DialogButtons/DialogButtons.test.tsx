import { fireEvent, render, screen } from '@testing-library/react';
import { DialogButtons } from './DialogButtons';

describe('DialogButtons', () => {
  it('confirms and cancels', () => {
    const onCancel = jest.fn();
    const onConfirm = jest.fn();
    render(<DialogButtons onCancel={onCancel} onConfirm={onConfirm} label="Create" busyLabel="Creating…" busy={false} />);
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('shows progress and blocks both buttons while busy', () => {
    render(<DialogButtons onCancel={jest.fn()} onConfirm={jest.fn()} label="Delete" busyLabel="Deleting…" busy destructive />);
    expect(screen.getByRole('button', { name: 'Deleting…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  });
});
