/**
 * The Lua scripts behind the shared budget and the action-rate windows. A script runs
 * atomically in Redis, so two replicas can never both take the last slot, and the check of the
 * global limit and the take of slots are one round trip. Time is Redis's own
 * (`TIME`) for leases, so replicas' clocks need not agree on expiry.
 */

/**
 * One round trip of a replica's lease: it reports the answers it saw, the account's global
 * adaptive limit moves, and the replica's grant is set against it.
 *
 * KEYS: held (hash replica → slots), want (hash replica → slots), alive (zset replica → expiry),
 * cap (capacity learnt from Twilio-Concurrent-Requests), limit (hash value/epoch/decreasedAt).
 * ARGV: replica, target, inUse, ceiling, ttlMs, floor, initial, epoch the report belongs to,
 * successes (unthrottled answers while calls waited), throttled (1: a 429 to a request admitted
 * in that epoch), refusedAt (lowest Twilio-Concurrent-Requests of a 429, 0: none), acceptedAt
 * (highest of an unthrottled answer, 0: none), decreaseWindowMs, capacityMemoryMs.
 *
 * The limit grows by one per `limit` successes (one per window of answers, across all replicas),
 * halves on a 429 at most once per epoch and per `decreaseWindowMs`, and stays at or below the
 * learnt capacity, within [floor, ceiling].
 *
 * Returns { granted, othersWaiting (0/1), replicas alive, floor(limit), fair share, epoch }. While
 * another replica waits, the grant is at most the fair share, but never below the caller's slots
 * in use (those cannot be taken back; the caller stops reusing them instead).
 */
export const leaseScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local me, target, inUse = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local ceiling, ttl = tonumber(ARGV[4]), tonumber(ARGV[5])
local floor_ = math.min(tonumber(ARGV[6]), ceiling)
local seen, successes = tonumber(ARGV[8]), tonumber(ARGV[9])
local refusedAt, acceptedAt = tonumber(ARGV[11]), tonumber(ARGV[12])
local window, memory = tonumber(ARGV[13]), tonumber(ARGV[14])
for _, r in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  redis.call('HDEL', KEYS[1], r)
  redis.call('HDEL', KEYS[2], r)
  redis.call('ZREM', KEYS[3], r)
end
local state = redis.call('HMGET', KEYS[5], 'value', 'epoch', 'decreasedAt')
local value = tonumber(state[1] or '') or tonumber(ARGV[7])
local epoch = tonumber(state[2] or '') or 0
local decreasedAt = tonumber(state[3] or '')
local cap = tonumber(redis.call('GET', KEYS[4]) or '')
if cap and acceptedAt > cap then
  cap = acceptedAt
  redis.call('SET', KEYS[4], cap, 'KEEPTTL')
end
if refusedAt > 0 then
  local learnt = math.max(1, refusedAt - 1)
  if not cap or learnt < cap then
    cap = learnt
    redis.call('SET', KEYS[4], cap, 'PX', memory)
  end
end
if seen == epoch then
  value = value + successes / math.max(1, value)
  if ARGV[10] == '1' and (not decreasedAt or now - decreasedAt >= window) then
    value = value * 0.5
    epoch = epoch + 1
    decreasedAt = now
  end
end
if cap and value > cap then value = cap end
value = math.max(floor_, math.min(ceiling, value))
redis.call('HSET', KEYS[5], 'value', tostring(value), 'epoch', epoch, 'decreasedAt', decreasedAt or 0)
redis.call('PEXPIRE', KEYS[5], memory)
local pool = math.floor(value)
local held = {}
local othersHeld = 0
local pairs_ = redis.call('HGETALL', KEYS[1])
for i = 1, #pairs_, 2 do
  held[pairs_[i]] = tonumber(pairs_[i + 1])
  if pairs_[i] ~= me then othersHeld = othersHeld + tonumber(pairs_[i + 1]) end
end
local active, othersWaiting = 0, 0
local wants = redis.call('HGETALL', KEYS[2])
for i = 1, #wants, 2 do
  local r, w = wants[i], tonumber(wants[i + 1])
  if r ~= me and w > 0 then
    active = active + 1
    if w > (held[r] or 0) then othersWaiting = 1 end
  end
end
if target > 0 then active = active + 1 end
local fair = math.max(1, math.floor(pool / math.max(active, 1)))
local grant = math.min(target, pool - othersHeld)
if othersWaiting == 1 then grant = math.min(grant, fair) end
if grant < inUse then grant = inUse end
if grant < 0 then grant = 0 end
redis.call('HSET', KEYS[1], me, grant)
redis.call('HSET', KEYS[2], me, target)
redis.call('ZADD', KEYS[3], now + ttl, me)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl * 4) end
return { grant, othersWaiting, redis.call('ZCARD', KEYS[3]), pool, fair, epoch }
`;

/** KEYS: held, want, alive. ARGV: replica. */
export const releaseScript = `
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
`;

/**
 * A sliding log of actions. KEYS: the log (zset time → member). ARGV: now, limit, windowMs,
 * member. Returns 0 when recorded, else how many ms until the oldest action leaves the window.
 */
export const windowScript = `
local now, limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil(tonumber(oldest[2]) + window - now))
`;

/** KEYS: key. ARGV: value, ttlMs. Extends the expiry only while the key holds the value. */
export const renewScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** Forgets expired entries of a bounded namespace's index (KEYS[2] zset, KEYS[3] sizes). */
const forgetExpired = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  redis.call('ZREM', KEYS[2], k)
  redis.call('HDEL', KEYS[3], k)
end
`;

/**
 * KEYS: entry, index (zset entry → expiry), sizes (hash entry → bytes). ARGV: value, ttlMs,
 * maxBytes. Stores the value unless it alone exceeds maxBytes, then evicts the entries closest
 * to expiry until the namespace's values total at most maxBytes. Returns 1 when stored.
 */
export const boundedSetScript = `${forgetExpired}
local size, ttl, max = string.len(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREM', KEYS[2], KEYS[1])
redis.call('HDEL', KEYS[3], KEYS[1])
if size > max then
  redis.call('DEL', KEYS[1])
  return 0
end
local total = size
local sizes = redis.call('HVALS', KEYS[3])
for i = 1, #sizes do total = total + tonumber(sizes[i]) end
while total > max do
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  if not oldest then break end
  total = total - tonumber(redis.call('HGET', KEYS[3], oldest) or '0')
  redis.call('DEL', oldest)
  redis.call('ZREM', KEYS[2], oldest)
  redis.call('HDEL', KEYS[3], oldest)
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('ZADD', KEYS[2], now + ttl, KEYS[1])
redis.call('HSET', KEYS[3], KEYS[1], size)
return 1
`;

/** KEYS: entry, index, sizes. */
export const boundedDeleteScript = `${forgetExpired}
redis.call('ZREM', KEYS[2], KEYS[1])
redis.call('HDEL', KEYS[3], KEYS[1])
return redis.call('DEL', KEYS[1])
`;
