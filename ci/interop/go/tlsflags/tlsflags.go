// Package tlsflags turns the TLS flags of the Go client and load tool (--tls-ca,
// --tls-server-name, --tls-cert and --tls-key) into gRPC transport credentials.
package tlsflags

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"google.golang.org/grpc/credentials"
)

// ClientCreds is TLS checking the server against the CAs of caFile (the system's when empty)
// and the name serverName (the host dialled when empty), presenting the certificate chain and
// key of certFile and keyFile when given. An error names the flag and the file at fault.
func ClientCreds(caFile, serverName, certFile, keyFile string) (credentials.TransportCredentials, error) {
	config := &tls.Config{ServerName: serverName}
	if caFile != "" {
		pem, err := read("--tls-ca", caFile)
		if err != nil {
			return nil, err
		}
		config.RootCAs = x509.NewCertPool()
		if !config.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--tls-ca %s: no PEM certificate in it", caFile)
		}
	}
	if certFile != "" {
		certPEM, err := read("--tls-cert", certFile)
		if err != nil {
			return nil, err
		}
		keyPEM, err := read("--tls-key", keyFile)
		if err != nil {
			return nil, err
		}
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			// crypto/tls says which of the two is wrong ("certificate input", "key input")
			// or that they do not match.
			return nil, fmt.Errorf("--tls-cert %s, --tls-key %s: %v", certFile, keyFile, err)
		}
		config.Certificates = []tls.Certificate{cert}
	}
	return credentials.NewTLS(config), nil
}

// read reads the file of a flag; its error names both, once.
func read(flag, file string) ([]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			err = pathErr.Err // the message names the file already
		}
		return nil, fmt.Errorf("%s %s: %v", flag, file, err)
	}
	return b, nil
}
