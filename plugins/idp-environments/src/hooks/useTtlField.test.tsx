import { EnvironmentType } from '@internal/plugin-idp-environments-common';
import { act, renderHook } from '@testing-library/react';
import { sampleTypes } from '../testing/fakes';
import { useTtlField } from './useTtlField';

const describeType = (type: EnvironmentType) => sampleTypes.find(t => t.type === type);

function renderField(initial: EnvironmentType, loaded = true) {
  return renderHook(({ type, ready }) => useTtlField(type, ready ? describeType(type) : undefined), {
    initialProps: { type: initial, ready: loaded },
  });
}

describe('useTtlField', () => {
  it('is the type’s default in the very first render once the types are known', () => {
    const { result } = renderField('development');
    expect(result.current[0]).toBe('7');
  });

  it('is empty while the types load, and the default as soon as they arrive', () => {
    const { result, rerender } = renderField('development', false);
    expect(result.current[0]).toBe('');
    rerender({ type: 'development', ready: true });
    expect(result.current[0]).toBe('7');
  });

  it('keeps what the user typed for that type', () => {
    const { result } = renderField('development');
    act(() => result.current[1]('14'));
    expect(result.current[0]).toBe('14');
  });

  it('shows each type’s own value: its default, empty for one that never expires, and what was typed for it', () => {
    const { result, rerender } = renderField('development');
    act(() => result.current[1]('14'));
    rerender({ type: 'staging', ready: true });
    expect(result.current[0]).toBe('30');
    rerender({ type: 'production', ready: true });
    expect(result.current[0]).toBe('');
    rerender({ type: 'development', ready: true });
    expect(result.current[0]).toBe('14');
  });
});
