using System.Buffers;
using System.Text;

namespace StirShaken.Identity.Cli;

/// <summary>
/// One <c>verify --batch</c> worker's file reader: the same text as <see cref="InputFiles.ReadMessageFileAsync"/> (regular
/// files only, UTF-8 unless a byte-order mark says otherwise, at most one character past the parser's limit), read
/// synchronously into one buffer that the worker keeps, so that a file costs its string and nothing else.
/// </summary>
internal sealed class MessageFileReader : IDisposable
{
    private readonly int _limit;
    private byte[] _buffer;

    /// <param name="maxLength">The parser's limit in characters; one more is read so that the parser reports a longer file.</param>
    public MessageFileReader(int maxLength)
    {
        _limit = maxLength + 1;

        // Enough bytes for _limit characters in any encoding StreamReader detects (UTF-32: 4 bytes each, plus the mark).
        _buffer = ArrayPool<byte>.Shared.Rent(checked((4 * _limit) + 4));
    }

    /// <summary>Reads a message file.</summary>
    /// <exception cref="IOException">Not a regular file, or a read error.</exception>
    /// <exception cref="UnauthorizedAccessException">Not readable.</exception>
    public string Read(string path)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);

        // A FIFO or device named *.sip would block the open (or never end): regular files only.
        RegularFiles.Require(path);
        int total;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            total = 0;
            int read;
            while (total < _buffer.Length && (read = RandomAccess.Read(handle, _buffer.AsSpan(total), total)) > 0)
            {
                total += read;
            }
        }

        var bytes = _buffer.AsSpan(0, total);
        var utf16Or32 = bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]);
        if (total <= _limit && !utf16Or32)
        {
            // The common case: UTF-8 of at most _limit bytes is at most _limit characters.
            return Encoding.UTF8.GetString(bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes);
        }

        // Another encoding, or a file that may hold more than _limit characters: decoded exactly as StreamReader does.
        using var reader = new StreamReader(new MemoryStream(_buffer, 0, total, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var chars = new char[_limit];
        return new string(chars, 0, reader.ReadBlock(chars, 0, _limit));
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
