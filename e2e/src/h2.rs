//! A bare HTTP/2 client's pieces, for the tests that look at the frames a server sends: the
//! client preface, frames built and read by hand, and a CreateUser request's headers.

use std::io::Read;
use std::net::TcpStream;

/// The DATA frame type.
pub const DATA: u8 = 0;
/// The HEADERS frame type.
pub const HEADERS: u8 = 1;
/// The SETTINGS frame type.
pub const SETTINGS: u8 = 4;
/// The END_HEADERS flag of a HEADERS frame.
pub const END_HEADERS: u8 = 4;
/// The ACK flag of a SETTINGS frame.
pub const ACK: u8 = 1;

/// The client connection preface followed by an empty SETTINGS frame.
pub fn preface() -> Vec<u8> {
    let mut out = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    out.extend(frame(SETTINGS, 0, 0, &[]));
    out
}

/// One HTTP/2 frame.
pub fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).unwrap().to_be_bytes();
    let mut out = vec![len[1], len[2], len[3], kind, flags];
    out.extend_from_slice(&stream.to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// Reads one frame: its type, flags, stream and payload.
pub fn read_frame(conn: &mut TcpStream) -> (u8, u8, u32, Vec<u8>) {
    let mut header = [0u8; 9];
    conn.read_exact(&mut header)
        .expect("the server sends frames");
    let len = u32::from_be_bytes([0, header[0], header[1], header[2]]) as usize;
    let stream = u32::from_be_bytes([header[5], header[6], header[7], header[8]]) & 0x7fff_ffff;
    let mut payload = vec![0u8; len];
    conn.read_exact(&mut payload).expect("a whole frame");
    (header[3], header[4], stream, payload)
}

/// The request headers of a CreateUser stream, HPACK-encoded without the dynamic table or
/// Huffman coding.
pub fn request_headers(authority: &str) -> Vec<u8> {
    fn literal(out: &mut Vec<u8>, s: &str) {
        out.push(u8::try_from(s.len()).unwrap());
        out.extend_from_slice(s.as_bytes());
    }
    // :method POST and :scheme http from the static table.
    let mut out = vec![0x83, 0x86];
    // Literals without indexing, named from the static table (:path 4, :authority 1,
    // content-type 31) or spelled out (te).
    out.push(0x04);
    literal(&mut out, users_grpc::METHOD_CREATE_USER.name);
    out.push(0x01);
    literal(&mut out, authority);
    out.extend_from_slice(&[0x0f, 31 - 15]);
    literal(&mut out, "application/grpc");
    out.push(0x00);
    literal(&mut out, "te");
    literal(&mut out, "trailers");
    out
}
