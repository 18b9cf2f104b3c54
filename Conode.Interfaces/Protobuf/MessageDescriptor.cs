using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Conode.Network;

namespace Conode.Protobuf;

/// <summary>
/// Per-type metadata built once by reflection: the [ProtoField] properties sorted by number, each with compiled
/// accessors and the codec for its Go kind.
/// </summary>
internal sealed class MessageDescriptor
{
    private static readonly ConcurrentDictionary<Type, MessageDescriptor> Cache = new();

    private readonly FieldCodec[] _fields;
    private readonly FieldCodec[] _arrayFields;
    private readonly Func<object> _create;

    private MessageDescriptor(string name, FieldCodec[] fields, FieldCodec[] arrayFields, Func<object> create)
    {
        Name = name;
        _fields = fields;
        _arrayFields = arrayFields;
        _create = create;
    }

    /// <summary>The Go type string from [DedisMessage].</summary>
    public string Name { get; }

    public object CreateInstance() => _create();

    public static MessageDescriptor For(Type type) =>
        Cache.TryGetValue(type, out var descriptor) ? descriptor : Cache.GetOrAdd(type, Build(type));

    /// <summary>Fields in ascending number order, as Go emits them. A null message encodes the zero message.</summary>
    public void EncodeBody(object? message, ProtoWriter writer)
    {
        if (++writer.Depth > DecodeContext.MaxDepth)
        {
            throw new ProtobufException($"{Name}: nesting deeper than {DecodeContext.MaxDepth} (cyclic object graph?)");
        }
        foreach (var field in _fields)
        {
            try
            {
                field.Encode(message, writer);
            }
            catch (ProtobufException e)
            {
                throw new ProtobufException($"{Name}.{field.Name}: {e.Message}", e);
            }
        }
        writer.Depth--;
    }

    /// <summary>
    /// Go's decoder: a forward-only cursor over the sorted fields, so a field numbered lower than the cursor (or any
    /// field after one numbered beyond the last known field) is skipped; unknown fields are skipped, groups refused.
    /// </summary>
    public object Decode(ReadOnlySpan<byte> data, DecodeContext context)
    {
        if (++context.Depth > DecodeContext.MaxDepth)
        {
            throw new ProtobufException($"{Name}: nesting deeper than {DecodeContext.MaxDepth}");
        }
        var message = CreateInstance();
        var enclosingArrays = context.PendingArrays;
        context.PendingArrays = _arrayFields.Length == 0 ? null : new object?[_arrayFields.Length];
        var reader = new ProtoReader(data);
        var cursor = 0;
        while (!reader.End)
        {
            FieldCodec? field = null;
            try
            {
                var key = reader.ReadVarint();
                var wireType = (int)(key & 7);
                var number = key >> 3;
                if (wireType is WireType.StartGroup or WireType.EndGroup or > WireType.Fixed32)
                {
                    throw new ProtobufException($"field {number} has unsupported wire type {WireType.Name(wireType)}");
                }
                while (cursor < _fields.Length && (ulong)_fields[cursor].Number < number)
                {
                    cursor++;
                }
                if (cursor < _fields.Length && (ulong)_fields[cursor].Number == number)
                {
                    field = _fields[cursor];
                    field.Decode(message, ref reader, wireType, context);
                }
                else
                {
                    reader.Skip(wireType);
                }
            }
            catch (ProtobufException e)
            {
                throw new ProtobufException($"{Name}{(field is null ? "" : "." + field.Name)}: {e.Message}", e);
            }
        }
        foreach (var field in _arrayFields)
        {
            field.Complete(message, context);
        }
        context.PendingArrays = enclosingArrays;
        context.Depth--;
        return message;
    }

    private static MessageDescriptor Build(Type type)
    {
        var attribute = type.GetCustomAttribute<DedisMessageAttribute>();
        if (attribute is null || !type.IsClass || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ProtobufException(
                $"{type.FullName} is not a dedis message: a non-abstract class with [DedisMessage] and a parameterless constructor is needed");
        }
        var fields = new List<FieldCodec>();
        var arrayFields = new List<FieldCodec>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var field = property.GetCustomAttribute<ProtoFieldAttribute>();
            if (field is null)
            {
                continue;
            }
            try
            {
                var codec = BuildField(type, property, field, arrayFields.Count);
                fields.Add(codec);
                if (IsArrayList(property.PropertyType))
                {
                    arrayFields.Add(codec);
                }
            }
            catch (ProtobufException e)
            {
                throw new ProtobufException($"{attribute.GoType}.{property.Name}: {e.Message}", e);
            }
        }
        fields.Sort((a, b) => a.Number.CompareTo(b.Number));
        for (var i = 1; i < fields.Count; i++)
        {
            if (fields[i].Number == fields[i - 1].Number)
            {
                throw new ProtobufException($"{attribute.GoType}: field number {fields[i].Number} is used twice");
            }
        }
        var create = Expression.Lambda<Func<object>>(Expression.New(type)).Compile();
        return new MessageDescriptor(attribute.GoType, [.. fields], [.. arrayFields], create);
    }

    /// <summary>A T[] standing for a Go slice (byte[] is Go's []byte, a single bytes field).</summary>
    private static bool IsArrayList(Type type) => type.IsArray && type != typeof(byte[]);

    private static FieldCodec BuildField(Type messageType, PropertyInfo property, ProtoFieldAttribute field, int arraySlot)
    {
        if (field.Number < 1 || field.Number > MaxFieldNumber)
        {
            throw new ProtobufException($"field number {field.Number} is out of range");
        }
        if (property.GetMethod is null || property.SetMethod is null || property.GetIndexParameters().Length != 0)
        {
            throw new ProtobufException("an encoded property needs a getter and a setter");
        }
        var fixedSize = property.GetCustomAttribute<FixedSizeAttribute>();
        var type = property.PropertyType;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var element = type.GetGenericArguments()[0];
            return (FieldCodec)CallGeneric(nameof(MakeList), [element],
                messageType, property, CodecFor(element, field, fixedSize));
        }
        if (IsArrayList(type))
        {
            if (type.GetArrayRank() != 1)
            {
                throw new ProtobufException("multi-dimensional arrays are not supported");
            }
            var element = type.GetElementType()!;
            return (FieldCodec)CallGeneric(nameof(MakeArray), [element],
                messageType, property, CodecFor(element, field, fixedSize), arraySlot);
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var arguments = type.GetGenericArguments();
            if (!IsMapKey(arguments[0]) || fixedSize is not null)
            {
                throw new ProtobufException($"map key type {arguments[0].Name} is not supported");
            }
            return (FieldCodec)CallGeneric(nameof(MakeMap), arguments,
                messageType, property, CodecFor(arguments[0], field, null), CodecFor(arguments[1], field, fixedSize));
        }
        var isInterface = typeof(IKyberMarshaler).IsAssignableFrom(type) && type.IsInterface;
        if (field.Optional && type.IsValueType)
        {
            throw new ProtobufException("Optional needs a reference type (Go pointer)");
        }
        return (FieldCodec)CallGeneric(nameof(MakeSingle), [type],
            messageType, property, CodecFor(type, field, fixedSize), field.Optional || isInterface);
    }

    private const int MaxFieldNumber = (1 << 29) - 1;

    private static bool IsMapKey(Type type) =>
        type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(Uuid);

    /// <summary>The ValueCodec&lt;type&gt; for a Go kind (onet-wire.md §1.3).</summary>
    private static object CodecFor(Type type, ProtoFieldAttribute field, FixedSizeAttribute? fixedSize)
    {
        var integer = type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ulong);
        if (field.Fixed && !integer)
        {
            throw new ProtobufException($"Fixed applies to int, long, uint and ulong, not {type.Name}");
        }
        if (fixedSize is not null && type != typeof(byte[]))
        {
            throw new ProtobufException($"[FixedSize] applies to byte[], not {type.Name}");
        }
        if (type == typeof(bool)) return new BoolCodec();
        if (type == typeof(int)) return new Int32Codec(field.Fixed);
        if (type == typeof(long)) return new Int64Codec(field.Fixed);
        if (type == typeof(uint)) return new UInt32Codec(field.Fixed);
        if (type == typeof(ulong)) return new UInt64Codec(field.Fixed);
        if (type == typeof(float)) return new FloatCodec();
        if (type == typeof(double)) return new DoubleCodec();
        if (type == typeof(TimeSpan)) return new DurationCodec();
        if (type == typeof(DateTimeOffset)) return new TimeCodec();
        if (type == typeof(string)) return new StringCodec();
        if (type == typeof(Uuid)) return new UuidCodec();
        if (type == typeof(byte[]))
        {
            return fixedSize is null ? new BytesCodec() : new FixedBytesCodec(fixedSize.Size);
        }
        if (type.IsInterface && typeof(IKyberMarshaler).IsAssignableFrom(type))
        {
            return Activator.CreateInstance(typeof(KyberCodec<>).MakeGenericType(type))!;
        }
        if (type.IsClass && type.GetCustomAttribute<DedisMessageAttribute>() is not null)
        {
            return Activator.CreateInstance(typeof(MessageCodec<>).MakeGenericType(type))!;
        }
        throw new ProtobufException(
            $"type {type.Name} has no dedis protobuf mapping (nested messages need [DedisMessage])");
    }

    private static FieldCodec MakeSingle<T>(Type messageType, PropertyInfo property, ValueCodec<T> codec, bool optional) =>
        new SingleField<T>(NumberOf(property), property.Name,
            Getter<T>(messageType, property), Setter<T>(messageType, property), codec, optional);

    private static FieldCodec MakeList<T>(Type messageType, PropertyInfo property, ValueCodec<T> codec)
    {
        var get = Getter<List<T>?>(messageType, property);
        var set = Setter<List<T>>(messageType, property);
        return new ListField<T>(NumberOf(property), property.Name, get,
            (message, _) =>
            {
                var list = get(message);
                if (list is null)
                {
                    list = [];
                    set(message, list);
                }
                return list;
            },
            null, codec);
    }

    private static FieldCodec MakeArray<T>(Type messageType, PropertyInfo property, ValueCodec<T> codec, int slot)
    {
        var set = Setter<T[]>(messageType, property);
        return new ListField<T>(NumberOf(property), property.Name, Getter<T[]?>(messageType, property),
            (_, context) => (List<T>)(context.PendingArrays![slot] ??= new List<T>()),
            (message, context) =>
            {
                if (context.PendingArrays![slot] is List<T> decoded)
                {
                    set(message, [.. decoded]);
                }
            },
            codec);
    }

    private static FieldCodec MakeMap<TKey, TValue>(
        Type messageType, PropertyInfo property, ValueCodec<TKey> keyCodec, ValueCodec<TValue> valueCodec)
        where TKey : notnull =>
        new MapField<TKey, TValue>(NumberOf(property), property.Name,
            Getter<Dictionary<TKey, TValue>?>(messageType, property), Setter<Dictionary<TKey, TValue>>(messageType, property),
            keyCodec, valueCodec);

    private static int NumberOf(PropertyInfo property) => property.GetCustomAttribute<ProtoFieldAttribute>()!.Number;

    private static Func<object, T> Getter<T>(Type messageType, PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object));
        var body = Expression.Convert(Expression.Property(Expression.Convert(instance, messageType), property), typeof(T));
        return Expression.Lambda<Func<object, T>>(body, instance).Compile();
    }

    private static Action<object, T> Setter<T>(Type messageType, PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object));
        var value = Expression.Parameter(typeof(T));
        var target = Expression.Property(Expression.Convert(instance, messageType), property);
        var body = Expression.Assign(target, Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<object, T>>(body, instance, value).Compile();
    }

    private static object CallGeneric(string method, Type[] typeArguments, params object[] arguments)
    {
        var generic = typeof(MessageDescriptor).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!;
        try
        {
            return generic.MakeGenericMethod(typeArguments).Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
