using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FormFlow.Templates;
using FormFlow.Text;

namespace FormFlow.Schema;

/// <summary>
/// The state of one <see cref="CompiledSchema.Validate"/> call: where in the data the validator is, as a stack of
/// path segments, and where problems go. Pointers, field paths and labels are only built when a problem is reported,
/// so valid data costs a push and a pop per visited value.
/// </summary>
internal sealed class ValidationWalk : IDisposable
{
    private readonly ICollection<ValidationProblem> problems;
    private readonly Func<string, LocalizedText?>? labelOf;
    private Segment[] segments = ArrayPool<Segment>.Shared.Rent(16);
    private int depth;

    public ValidationWalk(ICollection<ValidationProblem> problems, Func<string, LocalizedText?>? labelOf)
    {
        this.problems = problems;
        this.labelOf = labelOf;
    }

    public void Push(string name) => PushSegment(new Segment(name, default, -1));

    public void Push(JsonProperty property) => PushSegment(new Segment(null, property, -1));

    public void Push(int index) => PushSegment(new Segment(null, default, index));

    public void Pop() => depth--;

    // The segment stack is pooled: a validation allocates little more than its problems.
    public void Dispose()
    {
        ArrayPool<Segment>.Shared.Return(segments, clearArray: true);
        segments = [];
    }

    /// <summary>How messages name the value at the current position (built on demand: errors only).</summary>
    public Subject Subject => CurrentSubject();

    // Callers build the message only on the error path (no closures, which would allocate on every call).
    public void Report(string code, LocalizedText message) => problems.Add(new ValidationProblem(Pointer(), code, message));

    private void PushSegment(Segment segment)
    {
        if (depth == segments.Length)
        {
            Segment[] larger = ArrayPool<Segment>.Shared.Rent(depth * 2);
            segments.AsSpan(0, depth).CopyTo(larger);
            ArrayPool<Segment>.Shared.Return(segments, clearArray: true);
            segments = larger;
        }

        segments[depth++] = segment;
    }

    private string Pointer()
    {
        var pointer = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            pointer.Append('/');
            Segment segment = segments[i];
            if (segment.Index >= 0)
            {
                pointer.Append(segment.Index.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                pointer.Append(segment.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            }
        }

        return pointer.ToString();
    }

    // Field paths name the form's fields, not data positions: "kpis[].weight" for every KPI's weight.
    private string FieldPath(int length)
    {
        var path = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            Segment segment = segments[i];
            if (segment.Index >= 0)
            {
                path.Append("[]");
            }
            else
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }

                path.Append(segment.Name);
            }
        }

        return path.ToString();
    }

    private Subject CurrentSubject()
    {
        string pointer = Pointer();
        if (labelOf is not null)
        {
            if (labelOf(FieldPath(depth)) is { } label)
            {
                return Subject.Labelled(label);
            }

            // An item without a label of its own is named through its list: "「关键指标」第 2 项".
            if (depth > 0 && segments[depth - 1].Index >= 0 && labelOf(FieldPath(depth - 1)) is { } listLabel)
            {
                return Subject.Item(listLabel, segments[depth - 1].Index);
            }
        }

        return Subject.At(pointer);
    }

    private readonly record struct Segment(string? RawName, JsonProperty Property, int Index)
    {
        public string Name => RawName ?? Property.Name;
    }
}

/// <summary>How a message names the value it is about: by the field's label when the template has one, else by pointer.</summary>
internal readonly record struct Subject(string ZhCn, string En)
{
    public static Subject Labelled(LocalizedText label) => new($"「{label.ZhCn}」", $"\"{label.En}\"");

    public static Subject Item(LocalizedText listLabel, int index) => new(
        string.Create(CultureInfo.InvariantCulture, $"「{listLabel.ZhCn}」第 {index + 1} 项"),
        string.Create(CultureInfo.InvariantCulture, $"Item {index + 1} of \"{listLabel.En}\""));

    public static Subject At(string pointer) => pointer.Length == 0
        ? new("提交的数据", "The submitted data")
        : new($"位于 {pointer} 的值", $"The value at {pointer}");
}
