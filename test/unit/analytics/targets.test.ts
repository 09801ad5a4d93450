import { describe, expect, it } from 'vitest';
import { detached } from '../../../src/analytics/detach.js';
import { TargetNames } from '../../../src/analytics/targets.js';

describe('TargetNames', () => {
  const targets = new TargetNames(['10.0.0.1=pbx', ' 10.0.0.2 = sbc ', 'junk', '=x']);

  it('names the first configured end of a flow and says which end it is', () => {
    expect(targets.size).toBe(2);
    expect(targets.ofFlow('10.0.0.1', '10.0.0.2')).toEqual({ name: 'pbx', direction: 'src' });
    expect(targets.ofFlow('10.0.0.9', '10.0.0.2')).toEqual({ name: 'sbc', direction: 'dst' });
    expect(targets.ofFlow('10.0.0.9', undefined)).toEqual({ name: '', direction: '' });
    expect(targets.nameOf('10.0.0.9', '10.0.0.2')).toBe('sbc');
    expect(targets.nameOf('10.0.0.9', '10.0.0.8')).toBe('');
    expect(new TargetNames([]).ofFlow('10.0.0.1', '10.0.0.2')).toEqual({ name: '', direction: '' });
  });

  it('answers with shared frozen objects (nothing allocated per message)', () => {
    const a = targets.ofFlow('10.0.0.1', '10.0.0.7');
    expect(targets.ofFlow('10.0.0.1', '10.0.0.8')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('detached', () => {
  it('returns the same text', () => {
    const message = `INVITE sip:x SIP/2.0\r\nCall-ID: ${'a'.repeat(40)}@host\r\n`;
    const callId = message.slice(31, 76);
    expect(detached(callId)).toBe(callId);
    expect(detached('short')).toBe('short');
    expect(detached('')).toBe('');
  });
});
