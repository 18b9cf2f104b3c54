namespace Conode.Protobuf;

/// <summary>One property of a message bound to its field number and encoding rule.</summary>
internal abstract class FieldCodec(int number, string name)
{
    public int Number { get; } = number;

    public string Name { get; } = name;

    /// <summary>Writes the field of <paramref name="message"/>; a null message stands for Go's zero struct.</summary>
    public abstract void Encode(object? message, ProtoWriter writer);

    public abstract void Decode(object message, ref ProtoReader reader, int wireType, DecodeContext context);

    /// <summary>Runs once the whole message is decoded (array fields are assigned from their accumulated list).</summary>
    public virtual void Complete(object message, DecodeContext context)
    {
    }
}

/// <summary>A scalar, string, bytes, nested message or interface field.</summary>
internal sealed class SingleField<T>(
    int number, string name, Func<object, T> get, Action<object, T> set, ValueCodec<T> codec, bool optional)
    : FieldCodec(number, name)
{
    public override void Encode(object? message, ProtoWriter writer)
    {
        var value = message is null ? default! : get(message);
        if (optional && value is null)
        {
            return;
        }
        writer.WriteTag(Number, codec.WireType);
        codec.Write(writer, value);
    }

    public override void Decode(object message, ref ProtoReader reader, int wireType, DecodeContext context) =>
        set(message, codec.Read(ref reader, wireType, context));
}

/// <summary>
/// A Go slice, as a <c>List&lt;T&gt;</c> or <c>T[]</c> property. Numerics are packed and always written (an empty
/// list is <c>tag 00</c>); everything else is one field per element and nothing for an empty list. Decoding also
/// accepts unpacked numerics, one element per field, as protobufjs sends them without <c>[packed=true]</c> (Go
/// rejects those; onet-wire.md §8.7 asks to be forgiving).
/// </summary>
/// <param name="target">The list decoded elements are appended to.</param>
/// <param name="complete">For arrays: stores the accumulated list once the message is decoded.</param>
internal sealed class ListField<T>(
    int number, string name, Func<object, IReadOnlyList<T>?> get,
    Func<object, DecodeContext, List<T>> target, Action<object, DecodeContext>? complete, ValueCodec<T> codec)
    : FieldCodec(number, name)
{
    public override void Encode(object? message, ProtoWriter writer)
    {
        var list = message is null ? null : get(message);
        var count = list?.Count ?? 0;
        if (codec.Packable)
        {
            writer.WriteTag(Number, WireType.LengthDelimited);
            var start = writer.BeginLengthDelimited();
            for (var i = 0; i < count; i++)
            {
                codec.Write(writer, list![i]);
            }
            writer.EndLengthDelimited(start);
            return;
        }
        for (var i = 0; i < count; i++)
        {
            var element = list![i];
            if (element is null && codec.DropsNullElements)
            {
                continue;
            }
            writer.WriteTag(Number, codec.WireType);
            codec.Write(writer, element);
        }
    }

    public override void Decode(object message, ref ProtoReader reader, int wireType, DecodeContext context)
    {
        var list = target(message, context);
        if (codec.Packable && wireType == WireType.LengthDelimited)
        {
            // Elements are appended one by one: the declared length never sizes an allocation.
            var packed = new ProtoReader(reader.ReadLengthDelimited());
            while (!packed.End)
            {
                list.Add(codec.Read(ref packed, codec.WireType, context));
            }
            return;
        }
        list.Add(codec.Read(ref reader, wireType, context));
    }

    public override void Complete(object message, DecodeContext context) => complete?.Invoke(message, context);
}

/// <summary>
/// A Go map: one entry message {1: key, 2: value} per element. Go writes entries in random map order; this encoder
/// sorts by key so that equal maps give equal bytes. Decoding reads the key from field 1 and the value from field 2
/// in either order (Go takes the first sub-field as key, whatever its number). As in Go, the key is required and a
/// missing value is the zero value (an empty message where Go would leave a nil pointer); a repeated key keeps the
/// last entry.
/// </summary>
internal sealed class MapField<TKey, TValue>(
    int number, string name,
    Func<object, Dictionary<TKey, TValue>?> get, Action<object, Dictionary<TKey, TValue>> set,
    ValueCodec<TKey> keyCodec, ValueCodec<TValue> valueCodec)
    : FieldCodec(number, name) where TKey : notnull
{
    private static readonly IComparer<TKey> KeyOrder =
        typeof(TKey) == typeof(string) ? (IComparer<TKey>)StringComparer.Ordinal : Comparer<TKey>.Default;

    public override void Encode(object? message, ProtoWriter writer)
    {
        var map = message is null ? null : get(message);
        if (map is null || map.Count == 0)
        {
            return;
        }
        var keys = map.Keys.ToArray();
        Array.Sort(keys, KeyOrder);
        foreach (var key in keys)
        {
            var value = map[key];
            if (value is null && valueCodec.DropsNullElements)
            {
                throw new ProtobufException($"map value for key {key} is null (Go cannot encode a nil map value)");
            }
            writer.WriteTag(Number, WireType.LengthDelimited);
            var start = writer.BeginLengthDelimited();
            writer.WriteTag(1, keyCodec.WireType);
            keyCodec.Write(writer, key);
            writer.WriteTag(2, valueCodec.WireType);
            valueCodec.Write(writer, value);
            writer.EndLengthDelimited(start);
        }
    }

    public override void Decode(object message, ref ProtoReader reader, int wireType, DecodeContext context)
    {
        if (wireType != WireType.LengthDelimited)
        {
            throw new ProtobufException($"wire type {WireType.Name(wireType)} for a map entry");
        }
        var entry = new ProtoReader(reader.ReadLengthDelimited());
        TKey key = default!;
        var value = valueCodec.Zero;
        var hasKey = false;
        while (!entry.End)
        {
            var tag = entry.ReadVarint();
            var entryWireType = (int)(tag & 7);
            switch (tag >> 3)
            {
                case 1:
                    key = keyCodec.Read(ref entry, entryWireType, context);
                    hasKey = true;
                    break;
                case 2:
                    value = valueCodec.Read(ref entry, entryWireType, context);
                    break;
                default:
                    entry.Skip(entryWireType);
                    break;
            }
        }
        if (!hasKey)
        {
            throw new ProtobufException("map entry without key");
        }
        var map = get(message);
        if (map is null)
        {
            map = [];
            set(message, map);
        }
        map[key] = value;
    }
}
