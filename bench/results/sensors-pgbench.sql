-- One sensor message per transaction: the INSERT of src/modules/sensors/store.ts insertReadings
-- (bench/sensors.ts; device ids are those of the run that wrote this file).
\set i :i + 1
\set t :base + 10000000 * :client_id + 16 * :i
\set d random(0, 2)
\set k random(1, 10)
\set v1 random(0, 10000) / 100.0
\set v2 random(0, 10000) / 100.0
\set v3 random(0, 10000) / 100.0
\set v4 random(0, 10000) / 100.0
\set v5 random(0, 10000) / 100.0
\set v6 random(0, 10000) / 100.0
\set v7 random(0, 10000) / 100.0
\set v8 random(0, 10000) / 100.0
\set v9 random(0, 10000) / 100.0
\set v10 random(0, 10000) / 100.0
\if :k = 1
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2') on conflict do nothing returning "at";
\endif
\elif :k = 2
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 1), 'fillLevel', :v2, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 1), 'waterLevel', :v2, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 1), 'snowLoad', :v2, 'kg/m2') on conflict do nothing returning "at";
\endif
\elif :k = 3
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 1), 'fillLevel', :v2, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 2), 'fillLevel', :v3, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 1), 'waterLevel', :v2, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 2), 'waterLevel', :v3, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 1), 'snowLoad', :v2, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 2), 'snowLoad', :v3, 'kg/m2') on conflict do nothing returning "at";
\endif
\elif :k = 4
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 1), 'fillLevel', :v2, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 2), 'fillLevel', :v3, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 3), 'fillLevel', :v4, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 1), 'waterLevel', :v2, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 2), 'waterLevel', :v3, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 3), 'waterLevel', :v4, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 1), 'snowLoad', :v2, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 2), 'snowLoad', :v3, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 3), 'snowLoad', :v4, 'kg/m2') on conflict do nothing returning "at";
\endif
\elif :k = 5
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 1), 'fillLevel', :v2, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 2), 'fillLevel', :v3, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 3), 'fillLevel', :v4, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 4), 'fillLevel', :v5, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 1), 'waterLevel', :v2, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 2), 'waterLevel', :v3, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 3), 'waterLevel', :v4, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 4), 'waterLevel', :v5, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 1), 'snowLoad', :v2, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 2), 'snowLoad', :v3, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 3), 'snowLoad', :v4, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 4), 'snowLoad', :v5, 'kg/m2') on conflict do nothing returning "at";
\endif
\elif :k = 6
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 1), 'fillLevel', :v2, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 2), 'fillLevel', :v3, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 3), 'fillLevel', :v4, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 4), 'fillLevel', :v5, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 5), 'fillLevel', :v6, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 1), 'waterLevel', :v2, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 2), 'waterLevel', :v3, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 3), 'waterLevel', :v4, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 4), 'waterLevel', :v5, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 5), 'waterLevel', :v6, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 1), 'snowLoad', :v2, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 2), 'snowLoad', :v3, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 3), 'snowLoad', :v4, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 4), 'snowLoad', :v5, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 5), 'snowLoad', :v6, 'kg/m2') on conflict do nothing returning "at";
\endif
\elif :k = 7
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 1), 'fillLevel', :v2, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 2), 'fillLevel', :v3, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 3), 'fillLevel', :v4, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 4), 'fillLevel', :v5, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 5), 'fillLevel', :v6, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 6), 'fillLevel', :v7, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 1), 'waterLevel', :v2, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 2), 'waterLevel', :v3, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 3), 'waterLevel', :v4, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 4), 'waterLevel', :v5, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 5), 'waterLevel', :v6, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 6), 'waterLevel', :v7, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 1), 'snowLoad', :v2, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 2), 'snowLoad', :v3, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 3), 'snowLoad', :v4, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 4), 'snowLoad', :v5, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 5), 'snowLoad', :v6, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 6), 'snowLoad', :v7, 'kg/m2') on conflict do nothing returning "at";
\endif
\elif :k = 8
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 1), 'fillLevel', :v2, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 2), 'fillLevel', :v3, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 3), 'fillLevel', :v4, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 4), 'fillLevel', :v5, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 5), 'fillLevel', :v6, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 6), 'fillLevel', :v7, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 7), 'fillLevel', :v8, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 1), 'waterLevel', :v2, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 2), 'waterLevel', :v3, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 3), 'waterLevel', :v4, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 4), 'waterLevel', :v5, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 5), 'waterLevel', :v6, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 6), 'waterLevel', :v7, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 7), 'waterLevel', :v8, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 1), 'snowLoad', :v2, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 2), 'snowLoad', :v3, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 3), 'snowLoad', :v4, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 4), 'snowLoad', :v5, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 5), 'snowLoad', :v6, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 6), 'snowLoad', :v7, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 7), 'snowLoad', :v8, 'kg/m2') on conflict do nothing returning "at";
\endif
\elif :k = 9
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 1), 'fillLevel', :v2, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 2), 'fillLevel', :v3, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 3), 'fillLevel', :v4, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 4), 'fillLevel', :v5, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 5), 'fillLevel', :v6, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 6), 'fillLevel', :v7, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 7), 'fillLevel', :v8, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 8), 'fillLevel', :v9, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 1), 'waterLevel', :v2, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 2), 'waterLevel', :v3, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 3), 'waterLevel', :v4, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 4), 'waterLevel', :v5, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 5), 'waterLevel', :v6, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 6), 'waterLevel', :v7, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 7), 'waterLevel', :v8, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 8), 'waterLevel', :v9, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 1), 'snowLoad', :v2, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 2), 'snowLoad', :v3, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 3), 'snowLoad', :v4, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 4), 'snowLoad', :v5, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 5), 'snowLoad', :v6, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 6), 'snowLoad', :v7, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 7), 'snowLoad', :v8, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 8), 'snowLoad', :v9, 'kg/m2') on conflict do nothing returning "at";
\endif
\elif :k = 10
\if :d = 0
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 0), 'fillLevel', :v1, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 1), 'fillLevel', :v2, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 2), 'fillLevel', :v3, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 3), 'fillLevel', :v4, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 4), 'fillLevel', :v5, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 5), 'fillLevel', :v6, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 6), 'fillLevel', :v7, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 7), 'fillLevel', :v8, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 8), 'fillLevel', :v9, '%'), ('6f7aa4c7-4273-4698-9416-d7ebdb45c4c6', to_timestamp(:t + 9), 'fillLevel', :v10, '%') on conflict do nothing returning "at";
\elif :d = 1
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 0), 'waterLevel', :v1, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 1), 'waterLevel', :v2, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 2), 'waterLevel', :v3, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 3), 'waterLevel', :v4, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 4), 'waterLevel', :v5, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 5), 'waterLevel', :v6, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 6), 'waterLevel', :v7, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 7), 'waterLevel', :v8, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 8), 'waterLevel', :v9, 'm'), ('0df1cf1c-7597-43db-b456-d580a5cd8114', to_timestamp(:t + 9), 'waterLevel', :v10, 'm') on conflict do nothing returning "at";
\elif :d = 2
insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 0), 'snowLoad', :v1, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 1), 'snowLoad', :v2, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 2), 'snowLoad', :v3, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 3), 'snowLoad', :v4, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 4), 'snowLoad', :v5, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 5), 'snowLoad', :v6, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 6), 'snowLoad', :v7, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 7), 'snowLoad', :v8, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 8), 'snowLoad', :v9, 'kg/m2'), ('f4d0f90b-c786-498a-8a43-5857d682a029', to_timestamp(:t + 9), 'snowLoad', :v10, 'kg/m2') on conflict do nothing returning "at";
\endif
\endif
