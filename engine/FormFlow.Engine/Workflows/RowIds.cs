using System.Buffers.Binary;

namespace FormFlow.Workflows;

/// <summary>
/// The ids of the rows a command writes: UUID version 7 (RFC 9562) as 32 hex digits, the command's time in the first
/// 48 bits. The ids one sequence makes for the same millisecond ascend (RFC 9562's monotonic random, method 2): a launch
/// stamps its 700,000 rows with the one time it started at, and fully random ids then landed on random pages of every
/// primary key and every index naming an instance or a task. A 100,000-person launch took 11.9 s of processor time on
/// SQLite and 7.2 s in PostgreSQL's backend; with ascending ids 5.3 s and 4.5 s (docs/performance.md). Ids still carry
/// 73 random bits where a millisecond starts, so ids of two sequences (two commands, two nodes) do not meet. A sequence
/// belongs to one command — a launch shares one among the runs it starts — and is not shared between threads.
/// </summary>
internal sealed class RowIds
{
    // The random part of an id, 74 bits (12 of rand_a, 62 of rand_b). A millisecond's first id has the top bit 0, so
    // that the ids after it, each at most 2^16 above the one before, can go on ascending for at least 2^57 ids.
    private const int RandomBits = 74;
    private static readonly UInt128 RandomMask = (UInt128.One << RandomBits) - 1;
    private static readonly UInt128 SeedMask = (UInt128.One << (RandomBits - 1)) - 1;
    private const int MaxStep = 1 << 16;

    private long millisecond = -1;
    private UInt128 last;
    private Random? steps;

    /// <summary>One id, of a sequence of its own: for the row or two a command writes outside a run.</summary>
    public static string Single(DateTimeOffset now) => new RowIds().New(now);

    public string New(DateTimeOffset now)
    {
        var at = now.ToUnixTimeMilliseconds();
        if (at < 0 || at >= 1L << 48)
        {
            throw new ArgumentOutOfRangeException(nameof(now), now, "a UUID version 7 holds times from 1970 to 10889");
        }

        var random = Next(at);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, ((ulong)at << 16) | 0x7000UL | (ulong)(random >> 62));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000_0000_0000_0000UL | (ulong)(random & ((UInt128.One << 62) - 1)));
        return Convert.ToHexStringLower(bytes);
    }

    private UInt128 Next(long at)
    {
        if (at == millisecond && last + MaxStep <= RandomMask)
        {
            // The step only has to be unpredictable enough to keep the ids from counting; a millisecond's first id
            // carries the randomness that keeps sequences apart. A draw from the operating system per id (a getrandom
            // call each, through Guid.NewGuid) was a few percent of a launch's processor time.
            steps ??= new Random();
            last += 1 + (UInt128)steps.Next(MaxStep);
            return last;
        }

        // Guid.NewGuid's random bits: RandomNumberGenerator (OpenSSL) cost 2% of a launch's profile. Bytes 7 and 8 of
        // a Guid hold its version and variant, the 112 bits around them are random.
        Span<byte> fresh = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(fresh);
        var draw = ((UInt128)(BinaryPrimitives.ReadUInt64LittleEndian(fresh[8..]) >> 8) << 56) | (BinaryPrimitives.ReadUInt64LittleEndian(fresh) & 0x00FF_FFFF_FFFF_FFFFUL);
        last = draw & SeedMask;
        millisecond = at;
        return last;
    }
}
