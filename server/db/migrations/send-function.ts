import { sql, type Kysely } from 'kysely'

/**
 * A send in one round trip on PostgreSQL: `corkboard_send_messages(sends jsonb)` does for each
 * send of a batch, in order, what `append` (domain/messaging/send.ts) does in five to seven
 * statements — so that the sends arriving together go in one call, one statement, one commit.
 *
 * `sends` is an array of `{c: conversation id, s: sender id, k: client_message_id, t: text,
 * at: attachment type, ai: attachment id, n: created_at, l?: the caller's last seen seq}`. For
 * each, one row (o_idx: its index):
 * - o_outcome 'created': inserted (o_* the row; o_member_ids the active members and the revived,
 *   o_hidden_from in a group the active members who blocked the sender, o_revived the other
 *   person of a left 1:1 brought back);
 * - 'preceding', before a 'created' one (o_idx its send's): a message committed before it by
 *   another instance, which the caller had not seen (the send's optional `l`: the last seq of
 *   the conversation it passed on to its sockets) — o_* the row, o_sender_username, and
 *   o_member_ids / o_hidden_from as for 'created' (the members who had joined before it);
 * - 'duplicate': (sender, client_message_id) already names a message of this conversation —
 *   the original, as it is (o_* the row);
 * - 'reused': it names a message of another conversation, the sender a member of this one (409);
 * - 'not_found': no such conversation, or the sender is not (or no longer) in it (404);
 * - a refusal of the messaging policy in a 1:1 (domain/messaging/policy.ts `decide`: 'blocked'
 *   either way or the recipient suspended or gone, 'policy_nobody', 'not_followed',
 *   'not_mutual'), o_refused_username the recipient's username (403).
 * Everything is checked before anything is written, so a refused send consumes no seq and
 * leaves the batch's other sends alone. The batch's conversations are locked first, in id
 * order (two batches never wait on each other in a cycle); the idempotency look-up runs under
 * that lock, so a racing identical send into the same conversation finds the first one's row;
 * the seqs are counted in the function and each conversation's last_seq (and last_message_at)
 * written once per call.
 * A statement error (an identical send racing into another conversation: unique violation)
 * fails the whole call, which writes nothing; the caller then sends one by one.
 *
 * SQLite keeps its own path (a group commit per event-loop turn, in process): nothing here.
 */
export async function createSendFunction(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function corkboard_send_messages(sends jsonb)
returns table (
  o_idx integer, o_outcome text, o_refused_username text,
  o_id bigint, o_conversation_id bigint, o_seq integer, o_sender_id bigint,
  o_client_message_id text, o_text text, o_attachment_type text, o_attachment_id bigint,
  o_created_at text, o_promotion_id bigint, o_sender_username text,
  o_member_ids bigint[], o_hidden_from bigint[], o_revived bigint[]
)
language plpgsql
-- every statement below finds its rows by key: its plan, cached per connection from the first
-- calls (on a new, nearly empty table, a scan is cheapest), must not scan a table grown since
set enable_seqscan = off
-- and one plan per statement, made once: planned anew per call, the members look-up alone cost
-- more (57 µs) than it ran
set plan_cache_mode = force_generic_plan
as $fn$
declare
  e jsonb;
  v_c bigint;
  v_s bigint;
  v_k text;
  v_n text;
  v_prior record;
  v_is_group integer;
  v_members bigint[];
  v_hidden bigint[];
  v_other_id bigint;
  v_other_left integer;
  v_policy text;
  v_suspended text;
  v_username text;
  v_reason text;
  v_seq integer;
  v_row record;
  v_pos integer;
  v_ids bigint[];
  v_last integer[];
  v_groups integer[];
  v_at text[];
  v_active text[];
  v_key text;
  v_seen text[];
  v_blocked bigint[];
  v_found boolean;
  v_blocks boolean;
  v_follows_sender boolean;
  v_followed boolean;
  v_l integer;
  v_p record;
begin
  -- the batch's conversations, locked in id order (one key look-up each), with their last seq
  -- and kind: the seqs are handed out here and written back once per conversation at the end
  select coalesce(array_agg(t.id order by u.id), '{}'), coalesce(array_agg(t.last_seq order by u.id), '{}'),
         coalesce(array_agg(t.is_group order by u.id), '{}')
    into v_ids, v_last, v_groups
    from (select distinct (x->>'c')::bigint as id from jsonb_array_elements(sends) x order by 1) u
    cross join lateral (
      select c.id, c.last_seq, c.is_group from conversations c where c.id = u.id
      for no key update) t;
  -- their active members (as text: an array per conversation), kept current through a revive
  select coalesce(array_agg(coalesce((
           select array_agg(cm.user_id order by cm.user_id) from conversation_members cm
           where cm.conversation_id = u.id and cm.left_seq is null), '{}')::text order by u.ord), '{}')
    into v_active
    from unnest(v_ids) with ordinality as u(id, ord);
  -- the batch's (sender, client id) pairs already taken (a retry: looked at one by one below;
  -- the batch's own sends join them as they are written), and its senders someone blocked
  -- (offset 0: a look-up per send, never a join over the table)
  select (select coalesce(array_agg(p.sender_id::text || ':' || p.client_message_id), '{}')
            from jsonb_array_elements(sends) x
            cross join lateral (
              select m.sender_id, m.client_message_id from messages m
              where m.sender_id = (x->>'s')::bigint and m.client_message_id = x->>'k' offset 0) p),
         (select coalesce(array_agg(distinct hb.blocked_id), '{}') from blocks hb
            where hb.blocked_id = any(array(
              select distinct (x->>'s')::bigint from jsonb_array_elements(sends) x)))
    into v_seen, v_blocked;
  v_at := array_fill(null::text, array[cardinality(v_ids)]);
  for i in 0 .. jsonb_array_length(sends) - 1 loop
    e := sends -> i;
    v_c := (e->>'c')::bigint;
    v_s := (e->>'s')::bigint;
    v_k := e->>'k';
    v_n := e->>'n';
    o_idx := i;
    o_outcome := null; o_refused_username := null; o_id := null; o_conversation_id := null;
    o_seq := null; o_sender_id := null; o_client_message_id := null; o_text := null;
    o_attachment_type := null; o_attachment_id := null; o_created_at := null;
    o_promotion_id := null; o_sender_username := null; o_member_ids := null;
    o_hidden_from := null; o_revived := null;

    -- idempotency: the original of a retry, whatever happened since
    v_key := v_s::text || ':' || v_k;
    if v_key = any(v_seen) then
      select m.id, m.conversation_id, m.seq, m.sender_id, m.client_message_id, m.text,
             m.attachment_type, m.attachment_id, m.created_at, m.promotion_id
        into v_prior
        from messages m
        where m.sender_id = v_s and m.client_message_id = v_k;
      if found then
        if v_prior.conversation_id = v_c then
          o_outcome := 'duplicate';
          o_id := v_prior.id; o_conversation_id := v_prior.conversation_id; o_seq := v_prior.seq;
          o_sender_id := v_prior.sender_id; o_client_message_id := v_prior.client_message_id;
          o_text := v_prior.text; o_attachment_type := v_prior.attachment_type;
          o_attachment_id := v_prior.attachment_id; o_created_at := v_prior.created_at;
          o_promotion_id := v_prior.promotion_id;
          select u.username into o_sender_username from users u where u.id = v_s;
        elsif exists (select 1 from conversation_members cm
                      where cm.conversation_id = v_c and cm.user_id = v_s and cm.left_seq is null) then
          o_outcome := 'reused';
        else
          o_outcome := 'not_found';
        end if;
        return next;
        continue;
      end if;
    end if;

    v_pos := array_position(v_ids, v_c);
    if v_pos is null then
      o_outcome := 'not_found';
      return next;
      continue;
    end if;
    v_is_group := v_groups[v_pos];

    v_members := v_active[v_pos]::bigint[];
    if not (v_s = any(v_members)) then
      o_outcome := 'not_found';
      return next;
      continue;
    end if;

    v_hidden := '{}';
    v_other_id := null;
    v_other_left := null;
    if v_is_group = 1 then
      -- in a group, members who blocked the sender do not see it (hidden_from)
      if v_s = any(v_blocked) then
        select coalesce(array_agg(hb.blocker_id order by hb.blocker_id), '{}') into v_hidden
          from blocks hb where hb.blocked_id = v_s and hb.blocker_id = any(v_members);
      end if;
    else
      -- in a 1:1, the other person and what the messaging policy needs, in one statement
      select cm.user_id, cm.left_seq, u.id is not null, u.message_policy, u.suspended_at,
             u.username,
             exists (select 1 from blocks b
                     where (b.blocker_id = v_s and b.blocked_id = cm.user_id)
                        or (b.blocker_id = cm.user_id and b.blocked_id = v_s)),
             exists (select 1 from follows f
                     where f.follower_id = cm.user_id and f.followee_id = v_s),
             exists (select 1 from follows f
                     where f.follower_id = v_s and f.followee_id = cm.user_id)
        into v_other_id, v_other_left, v_found, v_policy, v_suspended, v_username, v_blocks,
             v_follows_sender, v_followed
        from conversation_members cm left join users u on u.id = cm.user_id
        where cm.conversation_id = v_c and cm.user_id <> v_s
        order by cm.user_id limit 1;
    end if;
    if v_other_id is not null then
      -- the messaging policy (policy.ts decide): blocks both ways; a suspended or missing
      -- recipient is as if blocked; then the recipient's message_policy
      v_reason := null;
      if not v_found or v_suspended is not null or v_blocks then
        v_reason := 'blocked';
      elsif v_policy = 'nobody' then
        v_reason := 'policy_nobody';
      elsif v_policy = 'following' and not v_follows_sender then
        v_reason := 'not_followed';
      elsif v_policy = 'mutual' and not (v_follows_sender and v_followed) then
        v_reason := 'not_mutual';
      end if;
      if v_reason is not null then
        o_outcome := v_reason;
        o_refused_username := v_username;
        return next;
        continue;
      end if;
    end if;

    -- the messages committed before this one since what the calling instance has seen of the
    -- conversation ('l'), by other instances (or its own call still in flight): returned first
    -- ('preceding'), so that it passes them on itself rather than wait for them over Redis.
    -- Once per conversation and call (its later sends follow its own), at most 16 positions,
    -- none when a reaction, edit or unsend is among them, and up to the first reply (what is
    -- not returned is waited for as before)
    v_l := (e->>'l')::integer;
    if v_l is not null and v_at[v_pos] is null and v_l < v_last[v_pos]
       and v_last[v_pos] - v_l <= 16 then
      for v_p in
        select m.id, m.seq, m.sender_id, m.client_message_id, m.text, m.attachment_type,
               m.attachment_id, m.created_at, m.promotion_id, u.username,
               m.reply_to_message_id is null and m.edited_at is null and m.removed_at is null
                 as plain,
               count(*) over () as n
          from messages m join users u on u.id = m.sender_id
          where m.conversation_id = v_c and m.seq > v_l and m.seq <= v_last[v_pos]
          order by m.seq
      loop
        exit when v_p.n <> v_last[v_pos] - v_l or not v_p.plain;
        o_outcome := 'preceding';
        o_id := v_p.id; o_conversation_id := v_c; o_seq := v_p.seq; o_sender_id := v_p.sender_id;
        o_client_message_id := v_p.client_message_id; o_text := v_p.text;
        o_attachment_type := v_p.attachment_type; o_attachment_id := v_p.attachment_id;
        o_created_at := v_p.created_at; o_promotion_id := v_p.promotion_id;
        o_sender_username := v_p.username;
        -- who may see it: the active members who had joined before it (one who left since
        -- reads it from the database when the other instance's event comes)
        select coalesce(array_agg(cm.user_id order by cm.user_id), '{}') into o_member_ids
          from conversation_members cm
          where cm.conversation_id = v_c and cm.left_seq is null and cm.joined_seq < v_p.seq;
        o_hidden_from := '{}';
        if v_is_group = 1 then
          select coalesce(array_agg(hb.blocker_id order by hb.blocker_id), '{}') into o_hidden_from
            from blocks hb where hb.blocked_id = v_p.sender_id and hb.blocker_id = any(o_member_ids);
        end if;
        return next;
      end loop;
      o_sender_username := null;
    end if;

    v_seq := v_last[v_pos] + 1;
    v_last[v_pos] := v_seq;
    v_at[v_pos] := v_n;

    o_revived := '{}';
    if v_other_id is not null and v_other_left is not null then
      -- a 1:1 left is only hidden: a new message brings it back, from this message on
      update conversation_members cm
        set left_seq = null, joined_seq = v_seq - 1, last_read_seq = v_seq - 1
        where cm.conversation_id = v_c and cm.user_id <> v_s and cm.left_seq is not null;
      o_revived := array[v_other_id];
      v_active[v_pos] := (v_members || v_other_id)::text;
    end if;

    insert into messages (conversation_id, seq, sender_id, client_message_id, text,
                          attachment_type, attachment_id, created_at)
      values (v_c, v_seq, v_s, v_k, e->>'t', e->>'at', (e->>'ai')::bigint, v_n)
      returning messages.id, messages.promotion_id into v_row;

    v_seen := v_seen || v_key;
    o_outcome := 'created';
    o_id := v_row.id; o_conversation_id := v_c; o_seq := v_seq; o_sender_id := v_s;
    o_client_message_id := v_k; o_text := e->>'t'; o_attachment_type := e->>'at';
    o_attachment_id := (e->>'ai')::bigint; o_created_at := v_n;
    o_promotion_id := v_row.promotion_id;
    o_member_ids := v_members || o_revived;
    o_hidden_from := case when v_is_group = 0 then '{}'::bigint[] else v_hidden end;
    return next;
  end loop;
  update conversations c
    set last_seq = v_last[array_position(v_ids, c.id)],
        last_message_at = v_at[array_position(v_ids, c.id)]
    -- (the conversations written to: those given a created_at)
    where c.id = any(array(select u.id from unnest(v_ids, v_at) as u(id, at) where u.at is not null));
end
$fn$`.execute(db)
}
