import type { Mandate } from '../config/plan.js';
import type { Severity } from '../config/severity.js';
import type { DoneWhen } from '../config/done-when.js';

/**
 * Why the bot said no, or could not do what was asked. The caller sees it rendered in the
 * plan's language, on one line, only to them; nothing was changed.
 */
export type Refusal =
  | { readonly code: 'unknown_type'; readonly type: string }
  | { readonly code: 'unknown_page' }
  | { readonly code: 'not_your_page'; readonly owner: string }
  | { readonly code: 'unknown_item' }
  | { readonly code: 'checklist_closed' }
  /** A hand may not tick or untick what the freeze, the statements or the Q&A tick. */
  | { readonly code: 'item_ticks_itself'; readonly when: DoneWhen }
  /** The first-response item is ticked with the link to the response (the listener opens the form). */
  | { readonly code: 'first_response_link'; readonly itemId: number }
  /** `holders`: roster names; `refs`: the plan's roles or names for the mandate, if it has one. */
  | {
      readonly code: 'not_mandated';
      readonly mandate: Mandate;
      readonly holders: readonly string[];
      readonly refs: readonly string[] | undefined;
    }
  | { readonly code: 'already_closed' }
  | { readonly code: 'crisis_closed' }
  | { readonly code: 'last_stage'; readonly stage: number }
  | { readonly code: 'same_severity'; readonly severity: Severity }
  | { readonly code: 'unknown_alert' }
  | { readonly code: 'already_decided'; readonly by: string | null }
  | { readonly code: 'unknown_digest' }
  | { readonly code: 'nothing_to_dismiss' }
  | { readonly code: 'not_in_crisis_channel'; readonly verb: string }
  | { readonly code: 'stale_button' }
  | { readonly code: 'unknown_action' }
  | { readonly code: 'form_failed' }
  /** Amending a crisis: the close mandate's holders, or the crisis lead named for it. */
  | {
      readonly code: 'not_amender';
      readonly holders: readonly string[];
      readonly refs: readonly string[] | undefined;
      readonly lead: string | null;
    }
  | { readonly code: 'same_type'; readonly type: string }
  | { readonly code: 'same_lead' }
  | { readonly code: 'lead_is_bot' }
  | { readonly code: 'has_channel'; readonly channel: string }
  | { readonly code: 'statement_empty' }
  | { readonly code: 'statement_too_long'; readonly length: number; readonly max: number }
  | { readonly code: 'statement_unchanged' }
  | { readonly code: 'statement_decided' }
  | { readonly code: 'statement_not_approved' }
  /** The stored text no longer hashes to what was approved: nothing is sent. */
  | { readonly code: 'statement_text_changed' }
  /** No account with `publish: true` can take the text (none, or over each platform's length). */
  | { readonly code: 'publish_nowhere' }
  /** Every account was sent this version already. */
  | { readonly code: 'publish_already' }
  | { readonly code: 'statement_superseded'; readonly version: number }
  | { readonly code: 'bad_url' }
  /** A follow-up action's due day has already passed. */
  | { readonly code: 'action_past_due'; readonly date: string }
  /** The text still has `{topic}` and the form's subject is empty. */
  | { readonly code: 'topic_missing' }
  | { readonly code: 'reason_empty' }
  /** Resume posts: `holders` are the account's owners and the close mandate's holders, by name. */
  | { readonly code: 'not_resumer'; readonly account: string; readonly holders: readonly string[] }
  | { readonly code: 'resume_while_open' }
  | { readonly code: 'already_resumed'; readonly by: string }
  | { readonly code: 'still_holding' }
  | { readonly code: 'resume_time_needed' }
  | { readonly code: 'bad_post_url' }
  | { readonly code: 'not_a_removal_reason'; readonly reasons: readonly string[] }
  | { readonly code: 'evidence_missing' }
  | { readonly code: 'response_handled'; readonly by: string }
  | { readonly code: 'response_claimed'; readonly by: string }
  | { readonly code: 'no_link_in_message' }
  | { readonly code: 'which_crisis' }
  | { readonly code: 'no_open_crisis' }
  | { readonly code: 'no_staff_channel' }
  | { readonly code: 'qa_empty' }
  | { readonly code: 'not_action_owner'; readonly owner: string }
  | { readonly code: 'action_done'; readonly by: string }
  | { readonly code: 'feedback_empty' }
  /** `/crisis plan`: for the crisis leads and the plan's owner (roster names). */
  | { readonly code: 'not_plan_keeper'; readonly holders: readonly string[] }
  /** Confirming the plan or a change to it: its owner's (roster names; none: the plan names no owner). */
  | { readonly code: 'not_plan_owner'; readonly holders: readonly string[] }
  | { readonly code: 'plan_change_applied'; readonly by: string }
  /** A drill publishes nothing and calls nobody. */
  | { readonly code: 'drill_no_publish' }
  | { readonly code: 'drill_no_phone' }
  /** `/crisis drill <id>` names no scenario of the plan's `drills:` (`known`: the ids it has). */
  | { readonly code: 'unknown_scenario'; readonly scenario: string; readonly known: readonly string[] }
  | { readonly code: 'no_cs_channel' }
  /** Four eyes: the author of this version may not approve it; `others` may (roster names). */
  | { readonly code: 'own_statement'; readonly others: readonly string[] }
  /** `/crisis call`: no Twilio account is configured. */
  | { readonly code: 'phone_off' }
  /** `/crisis call`: only someone paged in the crisis may call; only someone paged may be called. */
  | { readonly code: 'caller_not_paged' }
  | { readonly code: 'callee_not_paged'; readonly user: string }
  | { readonly code: 'no_phone_number'; readonly user: string }
  | { readonly code: 'already_acknowledged'; readonly user: string }
  /** `/crisis call`: a call to them is being placed or is ringing now. */
  | { readonly code: 'already_calling'; readonly user: string };
