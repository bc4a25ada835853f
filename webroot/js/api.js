// GraphQL over HTTP. The browser authenticates with the HttpOnly session cookie set by logIn/signUp;
// no token is ever readable by scripts on this page.
import {language} from './i18n.js';

/**
 * An error of the API (or of reaching it). Its message is English, for the console and developers; the page shows
 * errorText(e) (i18n.js), built from `code` and `extensions` (reason, limits): the codes are the contract.
 */
export class ApiError extends Error {
  constructor(message, code, extensions = {}) {
    super(message);
    this.code = code;
    this.extensions = extensions;
  }
}

// The user node the page talks to: the one that served it, until its live connection moves to another.
let base = '';

export function setBase(url) {
  base = !url || url === location.origin ? '' : url;
}

export function currentBase() {
  return base || location.origin;
}

// A node that cannot be reached (killed, restarting, the network) or a gateway with no node behind it (502, 503, 504
// from a load balancer or proxy) is an outage, as the node's own UNAVAILABLE is: the page keeps the session and what
// the user did, and retries. The original cause stays in extensions.cause.
const GATEWAY_STATUSES = new Set([502, 503, 504]);

function unreachable(cause, message) {
  return new ApiError(message, 'UNAVAILABLE', {retryable: true, cause});
}

export async function gql(query, variables = {}) {
  let response;
  try {
    response = await fetch(base + '/graphql', {
      method: 'POST',
      // Another user node of the same host gets the session cookie too (same site); it allows our origin.
      credentials: base ? 'include' : 'same-origin',
      // The page's language, not necessarily the browser's: the API answers texts (catalogue, report) in it.
      headers: {'Content-Type': 'application/json', 'Accept-Language': language()},
      body: JSON.stringify({query, variables}),
    });
  } catch (e) {
    throw unreachable('NETWORK', 'cannot reach the server: check your connection');
  }
  let body;
  try {
    body = await response.json();
  } catch (e) {
    if (GATEWAY_STATUSES.has(response.status)) {
      throw unreachable('HTTP_' + response.status, `the service is unavailable (HTTP ${response.status})`);
    }
    throw new ApiError(`server error (HTTP ${response.status})`, 'HTTP_' + response.status);
  }
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    const ext = e.extensions || {};
    throw new ApiError(e.message, ext.code || 'ERROR', ext);
  }
  if (!response.ok) {
    if (GATEWAY_STATUSES.has(response.status)) {
      throw unreachable('HTTP_' + response.status, `the service is unavailable (HTTP ${response.status})`);
    }
    throw new ApiError(body.error || `server error (HTTP ${response.status})`, 'HTTP_' + response.status);
  }
  return body.data;
}

/** What the page reads of an account (after a login, a signup, on load): its language (the page's) included. */
export const ACCOUNT_FIELDS = 'id email language';

export const REPORT_FIELDS = `
  assessmentId version score tier tierName complete answered applicable answeredShare
  catalogueId catalogueVersion formulaVersion createdAt computedAt
  functions { function name score weight applicable answered }
  categories { category function title score applicable answered }
  findings { rank questionId function text answer answerLabel score weight priority recommendation effort impact
             references { framework id } }
  quickWins { rank questionId function text recommendation effort impact priority references { framework id } }
  delta { previousVersion previousScore change
          functions { function before after change }
          improved { questionId text from to before after }
          regressed { questionId text from to before after } }`;

export const CATALOGUE_FIELDS = `
  id version title description audience
  functions { code name weight }
  categories { id function title }
  questions { id function functionName category text help type options allowNa weight
              choices { value label score }
              references { framework id }
              recommendation { text effort impact } }`;
