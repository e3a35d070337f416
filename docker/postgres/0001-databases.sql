-- Run once by the postgis image on an empty data volume (/docker-entrypoint-initdb.d).
-- One database and owner per product, as their own compose files do. Dev passwords only.
CREATE USER openzaak WITH PASSWORD 'openzaak';
CREATE DATABASE openzaak WITH OWNER openzaak;
CREATE USER opennotificaties WITH PASSWORD 'opennotificaties';
CREATE DATABASE opennotificaties WITH OWNER opennotificaties;
CREATE USER openklant WITH PASSWORD 'openklant';
CREATE DATABASE openklant WITH OWNER openklant;

-- Open Zaak needs PostGIS (zaakgeometrie) and pg_trgm; extensions need the superuser
\connect openzaak
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
