namespace Fleet.Domain.Vehicles;

/// <summary>
/// Identifies a vehicle pool by the GB/T 2260 division code of the government that runs it: the city
/// (e.g. 420100) or one of its districts (e.g. 420102). Each of them runs exactly one pool.
/// </summary>
public readonly record struct PoolCode
{
    private PoolCode(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static bool TryParse(string? text, out PoolCode code)
    {
        code = default;
        var trimmed = text?.Trim();
        // Province codes run from 11 (Beijing) to 82 (Macao); a pool belongs at least to a prefecture.
        if (trimmed is not { Length: 6 } || !trimmed.All(char.IsAsciiDigit)) return false;
        if (trimmed[0] is < '1' or > '8' || trimmed[2..] == "0000") return false;

        code = new PoolCode(trimmed);
        return true;
    }
}
