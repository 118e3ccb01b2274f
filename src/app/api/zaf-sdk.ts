/**
 * The real ZAF SDK, bundled from npm (the app must run where the CDN copy cannot be reached).
 * Only the entry files import this module, so tests never load the SDK.
 */
import ZAFClient from 'zendesk_app_framework_sdk';
import type { ZafClient, ZafInit } from './zaf-client.js';

export const initZafClient: ZafInit = (onRegistered) => {
  // init() reads origin and app_guid from the iframe URL and returns false without them.
  const client = ZAFClient.init(() => onRegistered());
  return client ? (client as ZafClient) : false;
};
