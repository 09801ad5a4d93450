import { createContext, useContext } from 'react';
import { browserTimeZone } from '../model/time-format.js';

/** The zone every displayed time follows (user settings `system/timezone`). */
export const TimeZoneContext = createContext<string>(browserTimeZone());

export function useTimeZone(): string {
  return useContext(TimeZoneContext);
}
